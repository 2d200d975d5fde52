CREATE TABLE `inventory_levels` (
	`product_id` text PRIMARY KEY NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`available` integer NOT NULL,
	`sold` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inventory_levels_nonnegative" CHECK("inventory_levels"."on_hand" >= 0 AND "inventory_levels"."reserved" >= 0 AND "inventory_levels"."available" >= 0 AND "inventory_levels"."sold" >= 0)
);

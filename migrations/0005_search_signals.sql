-- Search ranking signals per product (counters from search events, scores from the cron) and
-- the search-event dedup keys.
CREATE TABLE `product_signals` (
	`product_id` text PRIMARY KEY NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`add_to_carts` integer DEFAULT 0 NOT NULL,
	`purchases` integer DEFAULT 0 NOT NULL,
	`sales_velocity` real DEFAULT 0 NOT NULL,
	`sales_score` real DEFAULT 0 NOT NULL,
	`ctr_score` real,
	`conversion_score` real,
	`price_score` real,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `search_events_seen` (
	`event_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_events_seen_at_idx` ON `search_events_seen` (`received_at`);
-- Rate-limit counters kept in D1 (issue 15): failed sign-ins per account (a keyed hash of the
-- email, never the email), every card-save attempt per customer whatever its outcome, and an index
-- on a customer's recent reviews (the daily cap on new ones).
CREATE TABLE `login_failures` (
	`account_key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `card_tokenisations` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outcome` text NOT NULL,
	`decline_code` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `card_tokenisations_customer_idx` ON `card_tokenisations` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reviews_customer_idx` ON `reviews` (`customer_id`,`created_at`);
CREATE TABLE `review_votes` (
	`review_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`review_id`, `customer_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rec_bought_together` (
	`generation` integer NOT NULL,
	`product_id` text NOT NULL,
	`rank` integer NOT NULL,
	`other_id` text NOT NULL,
	`score` real NOT NULL,
	`support` integer NOT NULL,
	PRIMARY KEY(`generation`, `product_id`, `rank`)
);
--> statement-breakpoint
CREATE TABLE `rec_customer_items` (
	`customer` integer NOT NULL,
	`item` integer NOT NULL,
	PRIMARY KEY(`customer`, `item`)
);
--> statement-breakpoint
CREATE INDEX `rec_customer_items_item_idx` ON `rec_customer_items` (`item`,`customer`);--> statement-breakpoint
CREATE TABLE `rec_item_stats` (
	`item` integer PRIMARY KEY NOT NULL,
	`buyers` integer NOT NULL,
	`orders` integer NOT NULL,
	`recent_buyers` integer NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rec_item_stats_seq_unique` ON `rec_item_stats` (`seq`);--> statement-breakpoint
CREATE TABLE `rec_jobs` (
	`generation` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`phase` text NOT NULL,
	`cursor` text,
	`lease_owner` text,
	`lease_until` integer DEFAULT 0 NOT NULL,
	`stats` text DEFAULT '{}' NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `rec_jobs_state_generation_idx` ON `rec_jobs` (`state`,`generation`);--> statement-breakpoint
CREATE TABLE `rec_order_items` (
	`order_no` integer NOT NULL,
	`item` integer NOT NULL,
	PRIMARY KEY(`order_no`, `item`)
);
--> statement-breakpoint
CREATE INDEX `rec_order_items_item_idx` ON `rec_order_items` (`item`,`order_no`);--> statement-breakpoint
CREATE TABLE `rec_popular` (
	`generation` integer NOT NULL,
	`category` text NOT NULL,
	`rank` integer NOT NULL,
	`product_id` text NOT NULL,
	`score` real NOT NULL,
	PRIMARY KEY(`generation`, `category`, `rank`)
);
--> statement-breakpoint
CREATE TABLE `rec_similar` (
	`generation` integer NOT NULL,
	`product_id` text NOT NULL,
	`rank` integer NOT NULL,
	`neighbour_id` text NOT NULL,
	`score` real NOT NULL,
	`support` integer NOT NULL,
	PRIMARY KEY(`generation`, `product_id`, `rank`)
);
--> statement-breakpoint
CREATE TABLE `recently_viewed` (
	`customer_id` text NOT NULL,
	`product_id` text NOT NULL,
	`viewed_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `product_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recently_viewed_customer_at_idx` ON `recently_viewed` (`customer_id`,`viewed_at`);--> statement-breakpoint
ALTER TABLE `reviews` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `seller_reply` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `seller_reply_at` integer;--> statement-breakpoint
CREATE INDEX `reviews_product_helpful_idx` ON `reviews` (`product_id`,`helpful_count`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_product_stars_idx` ON `reviews` (`product_id`,`stars`,`created_at`,`id`);--> statement-breakpoint
-- Hand-written: the rating summary (product_ratings) follows every write to reviews in the same
-- statement, so it always equals a recount of the visible reviews. An upsert that hits the
-- one-review-per-customer index fires the UPDATE trigger. (No INSERT OR IGNORE here: inside a
-- trigger the outer statement's conflict policy wins, and an upsert's is ABORT.)
CREATE TRIGGER reviews_rating_ai AFTER INSERT ON reviews WHEN new.hidden = 0 BEGIN
  INSERT INTO product_ratings (product_id) SELECT new.product_id WHERE NOT EXISTS (SELECT 1 FROM product_ratings WHERE product_id = new.product_id);
  UPDATE product_ratings SET count = count + 1, sum = sum + new.stars,
    s1 = s1 + (new.stars = 1), s2 = s2 + (new.stars = 2), s3 = s3 + (new.stars = 3), s4 = s4 + (new.stars = 4), s5 = s5 + (new.stars = 5)
  WHERE product_id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER reviews_rating_ad AFTER DELETE ON reviews WHEN old.hidden = 0 BEGIN
  UPDATE product_ratings SET count = count - 1, sum = sum - old.stars,
    s1 = s1 - (old.stars = 1), s2 = s2 - (old.stars = 2), s3 = s3 - (old.stars = 3), s4 = s4 - (old.stars = 4), s5 = s5 - (old.stars = 5)
  WHERE product_id = old.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER reviews_rating_au AFTER UPDATE OF stars, hidden, product_id ON reviews BEGIN
  UPDATE product_ratings SET count = count - 1, sum = sum - old.stars,
    s1 = s1 - (old.stars = 1), s2 = s2 - (old.stars = 2), s3 = s3 - (old.stars = 3), s4 = s4 - (old.stars = 4), s5 = s5 - (old.stars = 5)
  WHERE product_id = old.product_id AND old.hidden = 0;
  INSERT INTO product_ratings (product_id) SELECT new.product_id
    WHERE new.hidden = 0 AND NOT EXISTS (SELECT 1 FROM product_ratings WHERE product_id = new.product_id);
  UPDATE product_ratings SET count = count + 1, sum = sum + new.stars,
    s1 = s1 + (new.stars = 1), s2 = s2 + (new.stars = 2), s3 = s3 + (new.stars = 3), s4 = s4 + (new.stars = 4), s5 = s5 + (new.stars = 5)
  WHERE product_id = new.product_id AND new.hidden = 0;
END;
--> statement-breakpoint
-- reviews.helpful_count is the number of votes, kept by the vote's own statement.
CREATE TRIGGER review_votes_ai AFTER INSERT ON review_votes BEGIN
  UPDATE reviews SET helpful_count = helpful_count + 1 WHERE id = new.review_id;
END;
--> statement-breakpoint
CREATE TRIGGER review_votes_ad AFTER DELETE ON review_votes BEGIN
  UPDATE reviews SET helpful_count = helpful_count - 1 WHERE id = old.review_id;
END;

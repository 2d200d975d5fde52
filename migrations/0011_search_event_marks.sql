-- Search-event dedup: one row per search response (a bit per result and event type) instead of
-- one per event, kept 25 hours and capped (workers/search-events/search-events.repo.ts). The old
-- per-event keys are dropped; product_signals.purchases is recomputed from paid orders.
CREATE TABLE `search_event_marks` (
	`search_nonce` text PRIMARY KEY NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`add_to_carts` integer DEFAULT 0 NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_event_marks_at_idx` ON `search_event_marks` (`received_at`);--> statement-breakpoint
DROP TABLE `search_events_seen`;
-- The cron drops sent outbox rows and processed-event keys after 15 days (indexes for it); a
-- notification being sent holds a lease, so two deliveries of one message never both send it.
ALTER TABLE `notifications` ADD `claimed_until` integer;--> statement-breakpoint
CREATE INDEX `outbox_sent_idx` ON `outbox` (`sent_at`);--> statement-breakpoint
CREATE INDEX `processed_events_at_idx` ON `processed_events` (`processed_at`);
-- The cron re-drives order events that were sent but never processed (their message was lost);
-- it skips events that were dead-lettered (an admin owns those), found by event id.
CREATE INDEX `dead_letters_event_idx` ON `dead_letters` (`event_id`);
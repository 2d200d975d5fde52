-- Each Idempotency-Key claim carries a random token: the order's batch, the key's completion and
-- its release only write while the row still holds the claimant's token, so a request that
-- stalled past its claim (taken over by a retry) cannot create a second order.
ALTER TABLE `idempotency_keys` ADD `token` text;

-- Kept responses are now sealed with the master key (they may carry a link token or a webhook secret). Responses
-- kept in plain text before are dropped: at worst a retry within 24 h of the upgrade runs again.
DELETE FROM idempotency_record;

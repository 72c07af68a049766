-- The dispatcher's claim (DeliveryStore.findClaimable) asks, for each partner environment with something pending, for
-- its first due deliveries in due order and stops at the slots that environment has free: it reads a few rows per
-- target from this index however deep the backlog is. Before, one statement ranked every due delivery of every
-- target (a window over the whole (status, next_attempt_at) range): with 2,000 due it took ~320 ms and capped the
-- dispatcher near 55 deliveries a second (docs/performance.md, "Webhooks").
CREATE INDEX webhook_delivery_target_due_idx ON webhook_delivery (partner_id, environment, status, next_attempt_at, seq);

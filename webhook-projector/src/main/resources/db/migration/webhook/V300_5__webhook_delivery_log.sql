-- The delivery log a partner can search: the link (when the event has one) and the partner's referenceId of each
-- delivery, kept in columns of their own (the body holds them too, but cannot be indexed on both databases alike).
-- Deliveries written before this migration have neither (NULL) and are found by the other filters only.
-- The backlog index serves the pending count and the oldest pending delivery per partner environment.

ALTER TABLE webhook_delivery ADD COLUMN link_id VARCHAR(100);
ALTER TABLE webhook_delivery ADD COLUMN reference_id VARCHAR(128);

CREATE INDEX webhook_delivery_link_idx ON webhook_delivery (partner_id, environment, link_id, created_at);
CREATE INDEX webhook_delivery_backlog_idx ON webhook_delivery (partner_id, environment, status, created_at);

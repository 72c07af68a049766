-- GET /partner/webhooks/deliveries reads its first page in index order (created_at DESC, seq DESC) for each
-- filter, instead of sorting every matching row (docs/performance.md, "Flat reads"). linkId keeps
-- webhook_delivery_link_idx (a link has few deliveries).

DROP INDEX webhook_delivery_tenant_idx;
DROP INDEX webhook_delivery_backlog_idx;
CREATE INDEX webhook_delivery_tenant_created_seq_idx ON webhook_delivery (partner_id, environment, created_at, seq);
CREATE INDEX webhook_delivery_backlog_seq_idx ON webhook_delivery (partner_id, environment, status, created_at, seq);
CREATE INDEX webhook_delivery_event_created_idx ON webhook_delivery (partner_id, environment, event_type, created_at, seq);
CREATE INDEX webhook_delivery_reference_created_idx ON webhook_delivery (partner_id, environment, reference_id, created_at, seq);

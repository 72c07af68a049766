-- The totals of GET /partner/webhooks/deliveries (docs/performance.md, "Flat reads"): the tenant's number of
-- deliveries per status and event type, kept by DeliveryStore in the transaction that inserts a delivery or changes
-- its status (outbox insert, final attempt result, replay), and only when that statement changed a row, so
-- pagination.total never counts the tenant's deliveries. No filter, status, event and status + event are sums over
-- at most (statuses x event types) rows of one tenant; the other filters count by the index that narrows to them.

CREATE TABLE webhook_delivery_count (
    partner_id  VARCHAR(64) NOT NULL,
    environment VARCHAR(16) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    event_type  VARCHAR(64) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (partner_id, environment, status, event_type)
);

INSERT INTO webhook_delivery_count (partner_id, environment, status, event_type, n)
SELECT partner_id, environment, status, event_type, COUNT(*) FROM webhook_delivery
GROUP BY partner_id, environment, status, event_type;

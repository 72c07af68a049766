-- What the webhook-outbox processor remembers of an operation from its creation, for the payloads of its later
-- events (operation.completed and operation.failed carry the amount; their events do not). Derived from
-- OperationCreatedEvent; no personal data: the payout account is never stored, nor the payout summary.

CREATE TABLE webhook_operation_context (
    operation_id VARCHAR(100) NOT NULL PRIMARY KEY,
    partner_id   VARCHAR(64)  NOT NULL,
    environment  VARCHAR(16)  NOT NULL,
    reference_id VARCHAR(128) NOT NULL,
    link_id      VARCHAR(100),
    user_id      VARCHAR(100) NOT NULL,
    -- the webhook's "amount" member as sent: {"send":100.00,"receive":...,"currency":{...}}, exact decimals
    amount       TEXT
);

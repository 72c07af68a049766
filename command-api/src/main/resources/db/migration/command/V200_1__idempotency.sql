-- Responses kept for Idempotency-Key replays (24 h). Command-side bookkeeping, not a projection: it is never
-- rebuilt from events.
CREATE TABLE idempotency_record (
    partner_id      VARCHAR(64)  NOT NULL,
    environment     VARCHAR(16)  NOT NULL,
    idem_key        VARCHAR(255) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    response_status INTEGER,
    response_type   VARCHAR(255),
    response_body   BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, environment, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_record (created_at);

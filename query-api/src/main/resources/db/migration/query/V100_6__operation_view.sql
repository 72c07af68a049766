-- Read model of the operation-view projection (processing group "operation-view"): one row per operation (the
-- transfer a user confirmed in the widget), derived from the Operation aggregate's events. Amounts are exact
-- decimals (never binary floating point). The payout account appears only as its last four characters: the full
-- account carried by OperationCreatedEvent (personal data) is never stored here.

CREATE TABLE operation_view (
    operation_id         VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id           VARCHAR(64)              NOT NULL,
    environment          VARCHAR(16)              NOT NULL,
    user_id              VARCHAR(100)             NOT NULL,
    reference_id         VARCHAR(128)             NOT NULL,
    link_id              VARCHAR(100),
    status               VARCHAR(16)              NOT NULL,
    send_amount          NUMERIC(19, 4)           NOT NULL,
    receive_amount       NUMERIC(19, 4)           NOT NULL,
    rate                 NUMERIC(19, 8)           NOT NULL,
    fee                  NUMERIC(19, 4)           NOT NULL,
    source_currency      VARCHAR(8)               NOT NULL,
    destination_currency VARCHAR(8)               NOT NULL,
    payout_method        VARCHAR(32),
    payout_country       VARCHAR(8),
    payout_account_last4 VARCHAR(16),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    processing_at        TIMESTAMP WITH TIME ZONE,
    completed_at         TIMESTAMP WITH TIME ZONE,
    failed_at            TIMESTAMP WITH TIME ZONE,
    cancelled_at         TIMESTAMP WITH TIME ZONE,
    failure_reason       VARCHAR(1000),
    cancel_reason        VARCHAR(1000)
);

CREATE INDEX operation_view_tenant_created_idx ON operation_view (partner_id, environment, created_at);
CREATE INDEX operation_view_tenant_reference_idx ON operation_view (partner_id, environment, reference_id);
CREATE INDEX operation_view_link_idx ON operation_view (link_id, created_at);

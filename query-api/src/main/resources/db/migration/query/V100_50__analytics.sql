-- Read models of the analyst projections (processing groups "analytics-funnel", "analytics-user-states",
-- "analytics-data-requests", "analytics-operations"): one narrow row per link, user, data request and operation,
-- holding only what the /analytics queries count, sum and rank. No personal data and no referenceId: analysts see
-- partners, environments, days, states, durations and amounts, never who.
--
-- Durations are whole milliseconds computed once from the event times (truncated to milliseconds, the precision the
-- API shows), so exact percentiles are an ordered-set aggregate over a stored column.

CREATE TABLE analytics_link (
    link_id         VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id      VARCHAR(64)              NOT NULL,
    environment     VARCHAR(16)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The UTC day of created_at, computed in Java: a database's session time zone never moves a link to another day.
    created_day     DATE                     NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    opened_at       TIMESTAMP WITH TIME ZONE,
    flow_started_at TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    expired_at      TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    open_ms         BIGINT,
    complete_ms     BIGINT
);

-- Every analytics query is a range on created_at, across partners or for one partner and environment.
CREATE INDEX analytics_link_created_idx ON analytics_link (created_at);
CREATE INDEX analytics_link_tenant_created_idx ON analytics_link (partner_id, environment, created_at);

CREATE TABLE analytics_user (
    user_id     VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id  VARCHAR(64)              NOT NULL,
    environment VARCHAR(16)              NOT NULL,
    status      VARCHAR(32)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX analytics_user_created_idx ON analytics_user (created_at);
CREATE INDEX analytics_user_tenant_created_idx ON analytics_user (partner_id, environment, created_at);

CREATE TABLE analytics_data_request (
    data_request_id VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id      VARCHAR(64)              NOT NULL,
    environment     VARCHAR(16)              NOT NULL,
    link_id         VARCHAR(100)             NOT NULL,
    status          VARCHAR(32)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    first_answer_at TIMESTAMP WITH TIME ZONE,
    answer_ms       BIGINT,
    fulfilled_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX analytics_data_request_created_idx ON analytics_data_request (created_at);
CREATE INDEX analytics_data_request_tenant_created_idx ON analytics_data_request (partner_id, environment, created_at);
-- A revoked or early-expired link closes its open requests.
CREATE INDEX analytics_data_request_link_idx ON analytics_data_request (link_id);

CREATE TABLE analytics_operation (
    operation_id         VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id           VARCHAR(64)              NOT NULL,
    environment          VARCHAR(16)              NOT NULL,
    status               VARCHAR(16)              NOT NULL,
    source_currency      VARCHAR(8)               NOT NULL,
    destination_currency VARCHAR(8)               NOT NULL,
    send_amount          NUMERIC(19, 4)           NOT NULL,
    receive_amount       NUMERIC(19, 4)           NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX analytics_operation_created_idx ON analytics_operation (created_at);
CREATE INDEX analytics_operation_tenant_created_idx ON analytics_operation (partner_id, environment, created_at);

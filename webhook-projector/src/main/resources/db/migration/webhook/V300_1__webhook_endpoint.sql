-- Endpoint directory of the webhook-endpoints projection (subscribing, updated in the command's transaction):
-- per partner environment its webhook URL, subscription and signing secrets. The secrets are kept readable
-- because every attempt is signed with them; they are never returned by the API (only their prefix).

CREATE TABLE webhook_endpoint (
    partner_id           VARCHAR(64)              NOT NULL,
    environment          VARCHAR(16)              NOT NULL,
    url                  VARCHAR(2048),
    -- JSON list of event types; NULL = every event
    events               TEXT,
    secret               VARCHAR(200),
    previous_secret      VARCHAR(200),
    previous_valid_until TIMESTAMP WITH TIME ZONE,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, environment)
);

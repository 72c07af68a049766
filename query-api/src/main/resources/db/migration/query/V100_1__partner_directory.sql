-- Read model of the partner-directory projection (processing group "partner-directory"):
-- partners, their API keys (hash only) and their settings per environment. Derived from Partner events.

CREATE TABLE partner_view (
    partner_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    name        VARCHAR(200)             NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE partner_api_key (
    key_hash    VARCHAR(128)             NOT NULL PRIMARY KEY,
    partner_id  VARCHAR(64)              NOT NULL,
    environment VARCHAR(16)              NOT NULL,
    prefix      VARCHAR(32)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX partner_api_key_partner_idx ON partner_api_key (partner_id, created_at);

CREATE TABLE partner_settings (
    partner_id  VARCHAR(64)              NOT NULL,
    environment VARCHAR(16)              NOT NULL,
    settings    TEXT                     NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, environment)
);

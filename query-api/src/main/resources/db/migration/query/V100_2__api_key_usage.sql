-- Operational telemetry written by the authentication filter (ApiKeyUsage), throttled to one write per key
-- every 10 seconds. NOT derived from events: a projection rebuild leaves it alone.

CREATE TABLE api_key_usage (
    key_hash     VARCHAR(128)             NOT NULL PRIMARY KEY,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL
);

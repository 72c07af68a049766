-- What the webhook-outbox processor remembers of links and users to build payloads of later events
-- (a revocation carries neither the link's metadata nor its callbackUrl). Derived from events; no personal data.

CREATE TABLE webhook_link_context (
    link_id      VARCHAR(100)  NOT NULL PRIMARY KEY,
    partner_id   VARCHAR(64)   NOT NULL,
    environment  VARCHAR(16)   NOT NULL,
    reference_id VARCHAR(128)  NOT NULL,
    user_id      VARCHAR(100)  NOT NULL,
    flow         VARCHAR(64)   NOT NULL,
    metadata     TEXT          NOT NULL,
    callback_url VARCHAR(2048)
);

CREATE TABLE webhook_user_context (
    user_id        VARCHAR(100) NOT NULL PRIMARY KEY,
    partner_id     VARCHAR(64)  NOT NULL,
    environment    VARCHAR(16)  NOT NULL,
    reference_id   VARCHAR(128) NOT NULL,
    active_link_id VARCHAR(100)
);

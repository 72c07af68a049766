-- Read model of the link-view projection (processing group "link-view"): one row per magic link, and the
-- link's activity timeline (one row per lifecycle event, in event order by seq). Never holds the token.

CREATE TABLE link_view (
    link_id       VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id    VARCHAR(64)              NOT NULL,
    environment   VARCHAR(16)              NOT NULL,
    reference_id  VARCHAR(128)             NOT NULL,
    user_id       VARCHAR(100)             NOT NULL,
    status        VARCHAR(16)              NOT NULL,
    flow          VARCHAR(64)              NOT NULL,
    theme         VARCHAR(64),
    language      VARCHAR(16),
    callback_url  VARCHAR(2048),
    metadata      TEXT                     NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    opened_at     TIMESTAMP WITH TIME ZONE,
    completed_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    expired_at    TIMESTAMP WITH TIME ZONE,
    operation_id  VARCHAR(100),
    revoke_reason VARCHAR(1000)
);

CREATE INDEX link_view_tenant_created_idx ON link_view (partner_id, environment, created_at);
CREATE INDEX link_view_tenant_reference_idx ON link_view (partner_id, environment, reference_id);
CREATE INDEX link_view_user_idx ON link_view (user_id);

CREATE TABLE link_activity (
    link_id VARCHAR(100)             NOT NULL,
    seq     INTEGER                  NOT NULL,
    type    VARCHAR(32)              NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    details TEXT                     NOT NULL,
    PRIMARY KEY (link_id, seq)
);

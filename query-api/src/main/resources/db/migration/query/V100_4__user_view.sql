-- Read model of the user-view projection (processing group "user-view"): a user's state and, per field, who
-- wrote it and when. Field values are never stored; only idNumber and paymentMethod keep a masked last-4 form.

CREATE TABLE user_view (
    user_id         VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id      VARCHAR(64)              NOT NULL,
    environment     VARCHAR(16)              NOT NULL,
    reference_id    VARCHAR(128)             NOT NULL,
    status          VARCHAR(32)              NOT NULL,
    missing_fields  TEXT                     NOT NULL,
    active_link_id  VARCHAR(100),
    cip_verified_at TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_view_tenant_reference_uk UNIQUE (partner_id, environment, reference_id)
);

CREATE TABLE user_field (
    user_id      VARCHAR(100)             NOT NULL,
    field        VARCHAR(64)              NOT NULL,
    source       VARCHAR(32)              NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    masked_value VARCHAR(16),
    PRIMARY KEY (user_id, field)
);

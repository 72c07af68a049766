-- Read model of the data-request-view projection (processing group "data-request-view"): one row per data request
-- (the partner asked for a user's missing required fields), derived from the User aggregate's DataRequest* events.
-- Lists of fields are JSON arrays of field paths. The stored status is pending, partially_fulfilled or fulfilled;
-- "expired" is never stored: an open request whose expires_at has passed is reported as expired when read.

CREATE TABLE data_request_view (
    data_request_id  VARCHAR(100)             NOT NULL PRIMARY KEY,
    partner_id       VARCHAR(64)              NOT NULL,
    environment      VARCHAR(16)              NOT NULL,
    user_id          VARCHAR(100)             NOT NULL,
    reference_id     VARCHAR(128)             NOT NULL,
    link_id          VARCHAR(100)             NOT NULL,
    required_fields  TEXT                     NOT NULL,
    remaining_fields TEXT                     NOT NULL,
    status           VARCHAR(32)              NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    fulfilled_at     TIMESTAMP WITH TIME ZONE,
    fulfilled_source VARCHAR(32)
);

CREATE INDEX data_request_view_tenant_created_idx ON data_request_view (partner_id, environment, created_at);
CREATE INDEX data_request_view_tenant_reference_idx ON data_request_view (partner_id, environment, reference_id);
CREATE INDEX data_request_view_link_idx ON data_request_view (link_id);

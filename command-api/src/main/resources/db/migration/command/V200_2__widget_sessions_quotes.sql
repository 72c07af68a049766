-- Widget sessions (the link token exchanged for a short-lived bearer token) and quotes (30-minute price offers).
-- Command-side bookkeeping, not projections: neither is rebuilt from events. Only token hashes are stored.
CREATE TABLE widget_session (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    link_id     VARCHAR(80)  NOT NULL,
    user_id     VARCHAR(80)  NOT NULL,
    partner_id  VARCHAR(64)  NOT NULL,
    environment VARCHAR(16)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_widget_session_expires ON widget_session (expires_at);

CREATE TABLE widget_quote (
    quote_id             VARCHAR(40)    NOT NULL PRIMARY KEY,
    link_id              VARCHAR(80)    NOT NULL,
    send_amount          DECIMAL(19, 4) NOT NULL,
    receive_amount       DECIMAL(19, 4) NOT NULL,
    rate                 DECIMAL(19, 6) NOT NULL,
    fee                  DECIMAL(19, 4) NOT NULL,
    source_currency      VARCHAR(3)     NOT NULL,
    destination_currency VARCHAR(3)     NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_widget_quote_link ON widget_quote (link_id);

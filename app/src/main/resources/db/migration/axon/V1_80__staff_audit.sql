-- The staff audit trail (GET /admin/audit). Rows of staff commands are kept from their events (origin 'event',
-- audit_id = the event's id, so a replay writes nothing twice); actions that are no command (projection rebuilds,
-- reads of unmasked personal data) are written directly (origin 'direct').
CREATE TABLE staff_audit (
    audit_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    actor    VARCHAR(64)              NOT NULL,
    action   VARCHAR(64)              NOT NULL,
    target   VARCHAR(200)             NOT NULL,
    origin   VARCHAR(10)              NOT NULL
);
CREATE INDEX ix_staff_audit_at ON staff_audit (at);
CREATE INDEX ix_staff_audit_actor_at ON staff_audit (actor, at);
CREATE INDEX ix_staff_audit_action_at ON staff_audit (action, at);

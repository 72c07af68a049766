-- Flat reads of GET /partner/operations (docs/performance.md, "Flat reads").
--
-- operation_count: the tenant's number of operations per status, kept by the operation-view projection in the
-- same transaction as the row it changes, so pagination.total never counts the tenant's rows.
-- Indexes in the list's order (created_at DESC, operation_id DESC), one per filter shape: none / from / to,
-- status, referenceId, userId (linkId keeps operation_view_link_idx: a link has at most a few operations).

CREATE TABLE operation_count (
    partner_id  VARCHAR(64) NOT NULL,
    environment VARCHAR(16) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (partner_id, environment, status)
);
INSERT INTO operation_count (partner_id, environment, status, n)
SELECT partner_id, environment, status, COUNT(*) FROM operation_view GROUP BY partner_id, environment, status;

DROP INDEX operation_view_tenant_created_idx;
DROP INDEX operation_view_tenant_reference_idx;
CREATE INDEX operation_view_tenant_created_id_idx ON operation_view (partner_id, environment, created_at, operation_id);
CREATE INDEX operation_view_tenant_status_created_idx ON operation_view (partner_id, environment, status, created_at, operation_id);
CREATE INDEX operation_view_tenant_reference_created_idx ON operation_view (partner_id, environment, reference_id, created_at, operation_id);
CREATE INDEX operation_view_tenant_user_created_idx ON operation_view (partner_id, environment, user_id, created_at, operation_id);

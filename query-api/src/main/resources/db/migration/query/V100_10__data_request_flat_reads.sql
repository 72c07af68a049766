-- Flat reads of GET /partner/data-requests (docs/performance.md, "Flat reads").
--
-- data_request_count: the tenant's number of requests per stored status, kept by the data-request-view
-- projection in the same transaction as the row it changes. pending / partially_fulfilled / expired depend on the
-- time: the live open requests are counted through (partner_id, environment, status, expires_at) (few: a request
-- expires with its link), expired is the open count less them.
-- Indexes in the list's order (created_at DESC, data_request_id DESC): none / from / to, status, referenceId
-- (linkId keeps data_request_view_link_idx).

CREATE TABLE data_request_count (
    partner_id  VARCHAR(64) NOT NULL,
    environment VARCHAR(16) NOT NULL,
    status      VARCHAR(32) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (partner_id, environment, status)
);
INSERT INTO data_request_count (partner_id, environment, status, n)
SELECT partner_id, environment, status, COUNT(*) FROM data_request_view GROUP BY partner_id, environment, status;

DROP INDEX data_request_view_tenant_created_idx;
DROP INDEX data_request_view_tenant_reference_idx;
CREATE INDEX data_request_view_tenant_created_id_idx ON data_request_view (partner_id, environment, created_at, data_request_id);
CREATE INDEX data_request_view_tenant_status_created_idx ON data_request_view (partner_id, environment, status, created_at, data_request_id);
CREATE INDEX data_request_view_tenant_reference_created_idx ON data_request_view (partner_id, environment, reference_id, created_at, data_request_id);
CREATE INDEX data_request_view_tenant_status_expires_idx ON data_request_view (partner_id, environment, status, expires_at);

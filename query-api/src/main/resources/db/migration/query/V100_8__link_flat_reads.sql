-- Flat reads of GET /partner/links (docs/performance.md, "Flat reads").
--
-- link_count: the tenant's number of links per stored status, kept by the link-view projection in the same
-- transaction as the row it changes, so pagination.total never counts the tenant's rows.
-- link_view.activity_seq: the number of timeline entries appended to the link, the next entry's seq without a
-- MAX(seq) scan.
-- Indexes in the list's order (created_at DESC, link_id DESC), one per filter shape:
--   no filter / from / to           (partner_id, environment, created_at, link_id)
--   status / visibility (+ from/to) (partner_id, environment, status, created_at, link_id), one range per status
--   referenceId                     (partner_id, environment, reference_id, created_at, link_id)
--   effectively expired, unrecorded (partner_id, environment, status, expires_at): the few active links whose
--                                   time has run out before their expiry deadline fired (totals and pages)

ALTER TABLE link_view ADD COLUMN activity_seq INTEGER DEFAULT 0 NOT NULL;
UPDATE link_view SET activity_seq = COALESCE((SELECT MAX(a.seq) FROM link_activity a WHERE a.link_id = link_view.link_id), 0);

CREATE TABLE link_count (
    partner_id  VARCHAR(64) NOT NULL,
    environment VARCHAR(16) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (partner_id, environment, status)
);
INSERT INTO link_count (partner_id, environment, status, n)
SELECT partner_id, environment, status, COUNT(*) FROM link_view GROUP BY partner_id, environment, status;

DROP INDEX link_view_tenant_created_idx;
DROP INDEX link_view_tenant_reference_idx;
CREATE INDEX link_view_tenant_created_id_idx ON link_view (partner_id, environment, created_at, link_id);
CREATE INDEX link_view_tenant_reference_created_idx ON link_view (partner_id, environment, reference_id, created_at, link_id);
CREATE INDEX link_view_tenant_status_created_idx ON link_view (partner_id, environment, status, created_at, link_id);
CREATE INDEX link_view_tenant_status_expires_idx ON link_view (partner_id, environment, status, expires_at);

-- PostgreSQL only (the H2 file of this version changes nothing): how a delivery's row is updated.
--
-- A delivery is updated at least twice: claimed (the lease columns, none of them indexed) and completed (status
-- and the attempt columns). An update that changes no indexed column can stay on its page as a heap-only tuple
-- (HOT), adding nothing to the table's ten indexes, but only if the page has room: at the default fillfactor the
-- pages fill up as deliveries are inserted and almost every claim wrote a new row elsewhere plus an entry in every
-- index (1,910 HOT of 8,306 updates in a benchmark run, docs/performance.md "Webhooks"). Pages filled to 70 % leave
-- room for the claims of the rows they hold. Takes effect for pages written from now on.
ALTER TABLE webhook_delivery SET (fillfactor = 70);

-- The claim's per-target index need only hold what may be claimed: a delivered or failed delivery leaves it, so
-- completing an attempt writes one index entry fewer and the index stays the size of the backlog. The claim
-- statements name the status as a literal ('pending'), which is what lets the planner use a partial index.
DROP INDEX webhook_delivery_target_due_idx;
CREATE INDEX webhook_delivery_target_due_idx ON webhook_delivery (partner_id, environment, next_attempt_at, seq)
    WHERE status = 'pending';

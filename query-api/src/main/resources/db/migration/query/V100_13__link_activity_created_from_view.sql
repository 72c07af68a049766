-- A link's first timeline entry (created {expiresAt, flow}) is read from its link_view row, which holds the same
-- values and never changes them; the stored copies go (docs/performance.md, "Write path of one create link").
DELETE FROM link_activity WHERE type = 'created';

-- Partner rate-limit buckets shared by every node (Bucket4j's PostgreSQL backend, select-for-update): one row per
-- partner, environment, kind of call and limit; the state is Bucket4j's own serialized bucket. Created on H2 too
-- (unused there: a single node keeps its buckets in memory), so both databases have the same schema.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);

package com.m2m.app.web;

/**
 * Where the partner rate-limit buckets live: on a PostgreSQL several nodes may share, in a table shared by every
 * node ({@link PostgresRateLimitBuckets}, which also deletes the rows of buckets nobody uses any more), so that a limit
 * of N per minute admits N across the cluster, not N per node; in this node's memory on the embedded default and on
 * H2 (one node only; ClusterConfiguration decides).
 */
public interface RateLimitBuckets {

    /**
     * Takes one token from the bucket {@code key}, holding up to {@code perMinute} tokens refilled continuously.
     *
     * @return whether it was taken and where the bucket stands now
     */
    Take take(String key, int perMinute);

    /**
     * @param allowed          whether the request may pass
     * @param remaining        whole requests that would pass right now
     * @param waitMillis       0 when allowed, else the milliseconds until one more would pass
     * @param secondsUntilFull seconds (rounded up) until the bucket holds its whole minute's allowance again
     */
    record Take(boolean allowed, long remaining, long waitMillis, long secondsUntilFull) {
    }
}

package com.m2m.app.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Buckets shared by every node, in the {@code rate_limit_bucket} table (Flyway), through Bucket4j's PostgreSQL
 * backend: each take locks the bucket's row ({@code SELECT ... FOR UPDATE}), updates its state and commits, so two
 * nodes taking from one bucket at once are serialized by the database. A bucket's row expires once it would be full
 * again (plus a margin); the key carries the limit, so a partner whose limit changes starts from a full bucket.
 * Time is each node's system clock: nodes' clocks must agree (NTP), as they must for leases anyway.
 */
public class PostgresRateLimitBuckets implements RateLimitBuckets {

    static final String TABLE = "rate_limit_bucket";

    private final ProxyManager<String> buckets;

    public PostgresRateLimitBuckets(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public Take take(String key, int perMinute) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
        ConsumptionProbe probe = buckets.builder().build(key + "|" + perMinute, () -> configuration)
                .tryConsumeAndReturnRemaining(1);
        long remaining = probe.getRemainingTokens();
        long missing = Math.max(0, perMinute - remaining);
        long secondsUntilFull = missing == 0 ? 0 : (long) Math.ceil(missing * 60.0 / perMinute);
        long waitMillis = probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000);
        return new Take(probe.isConsumed(), remaining, waitMillis, secondsUntilFull);
    }
}

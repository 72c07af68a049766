package com.m2m.app.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Buckets shared by every node, in the {@code rate_limit_bucket} table (Flyway), through Bucket4j's PostgreSQL
 * backend: each take locks the bucket's row ({@code SELECT ... FOR UPDATE}), updates its state and commits, so two
 * nodes taking from one bucket at once are serialized by the database. A bucket's row expires once it would be full
 * again (plus a margin); the key carries the limit, so a partner whose limit changes starts from a full bucket.
 * Time is each node's system clock: nodes' clocks must agree (NTP), as they must for leases anyway.
 * <p>
 * Expired rows are deleted by every node while it runs ({@link #purgeExpired}, every {@link #PURGE_INTERVAL}): an
 * expired bucket is a full one, which a missing row recreates exactly, so the table holds only the buckets used
 * within about the last minute instead of one row per key ever used (a partner, environment and limit each). Each
 * run deletes in small batches, a bounded number of them; a batch skips rows another node's take or purge holds
 * locked ({@code FOR UPDATE SKIP LOCKED}), so nodes purging at once neither wait for nor block each other.
 */
public class PostgresRateLimitBuckets implements RateLimitBuckets, SmartLifecycle {

    static final String TABLE = "rate_limit_bucket";
    /** How long past "full again" a row is kept: a take from a node whose clock is a little behind finds it. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);
    static final int PURGE_BATCH = 500;
    /** At most this many batches a run (a short transaction each); what is left waits for the next run. */
    static final int PURGE_BATCHES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRateLimitBuckets.class);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final int purgeBatch;
    private final int purgeBatches;
    private volatile ScheduledExecutorService purges;

    public PostgresRateLimitBuckets(DataSource dataSource) {
        this(dataSource, EXPIRY_MARGIN, PURGE_BATCH, PURGE_BATCHES);
    }

    PostgresRateLimitBuckets(DataSource dataSource, Duration expiryMargin, int purgeBatch, int purgeBatches) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(expiryMargin))
                .build();
        this.purgeBatch = purgeBatch;
        this.purgeBatches = purgeBatches;
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

    /**
     * Deletes the rows whose bucket has been full again for longer than the margin (nobody took from it since),
     * batch by batch until a batch comes back short or the run's batches are used up.
     *
     * @return the rows deleted
     */
    public int purgeExpired() {
        int deleted = 0;
        for (int batch = 0; batch < purgeBatches; batch++) {
            int removed = buckets.removeExpired(purgeBatch);
            deleted += removed;
            if (removed < purgeBatch) {
                break;
            }
        }
        return deleted;
    }

    private void purgeQuietly() {
        try {
            int deleted = purgeExpired();
            LOG.debug("Deleted {} expired rate-limit buckets", deleted);
        } catch (RuntimeException e) {
            // The next run tries again; a row left meanwhile only holds a full bucket.
            LOG.warn("Could not delete expired rate-limit buckets: {}", e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-bucket-purge");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::purgeQuietly, PURGE_INTERVAL.toMillis(), PURGE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        purges = executor;
    }

    /** Before the connection pool closes (lifecycle beans stop before any bean is destroyed). */
    @Override
    public void stop() {
        ScheduledExecutorService executor = purges;
        purges = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return purges != null;
    }
}

package com.m2m.webhook.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code m2m.webhooks.*}: how webhooks are delivered.
 *
 * @param retryDelays            delays before attempts 1..n (n = the attempt budget); the first is counted from the
 *                               moment the delivery enters the outbox
 * @param timeout                per attempt, for connecting and for the response
 * @param pollInterval           safety net only: how often the dispatcher looks for due deliveries when nothing
 *                               woke it (retries coming due, a signal missed). New deliveries wake it at once, on
 *                               this node after the commit and on every node through PostgreSQL NOTIFY.
 * @param deliveryEnabled        false: nothing is sent by the background dispatcher (the outbox still fills)
 * @param workerThreads          attempts in flight at once on this node, all partners together
 * @param maxInFlightPerTarget   attempts in flight at once per partner environment on this node: a slow endpoint
 *                               fills this budget and nothing else (isolation), a fast one gets this much
 *                               parallelism (throughput). Events of one link still go one at a time, in order.
 *                               32 by default (with 128 workers, four hanging endpoints hold them all, as 16 of 64
 *                               did): while links are created at 200/s on 2 cores an attempt's round trip (claim,
 *                               sign, POST, record, each waiting for a core) grows to tens of ms, and 16 in flight
 *                               then carried fewer than the 400 deliveries/s of one partner (docs/performance.md)
 * @param claimBatchSize         at most this many deliveries are leased by one claim statement
 * @param postgresNotify         on PostgreSQL, announce new deliveries with {@code NOTIFY} and listen for them, so
 *                               every node wakes, not only the writer
 * @param maxConnectionsPerRoute for the HTTP client's connection pool: kept-alive connections per host and port;
 *                               0 = the whole pool (several partners' endpoints may share a host: the in-flight
 *                               budget per endpoint is the dispatcher's, so the pool must not couple them)
 * @param maxConnectionsTotal    for the HTTP client's connection pool (one per environment): connections in all;
 *                               0 = {@code max(64, 2 × workerThreads)}, room for every worker plus sandbox tests
 */
@ConfigurationProperties("m2m.webhooks")
public record WebhookProperties(@DefaultValue("0s,1m,5m,30m,2h") List<Duration> retryDelays,
                                @DefaultValue("30s") Duration timeout,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("true") boolean deliveryEnabled,
                                @DefaultValue("128") int workerThreads,
                                @DefaultValue("32") int maxInFlightPerTarget,
                                @DefaultValue("100") int claimBatchSize,
                                @DefaultValue("true") boolean postgresNotify,
                                @DefaultValue("0") int maxConnectionsPerRoute,
                                @DefaultValue("0") int maxConnectionsTotal) {

    /** A claimed delivery stays ours for one timeout plus this margin; after that another node may take it over. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @ConstructorBinding
    public WebhookProperties {
        if (retryDelays == null || retryDelays.isEmpty()) {
            throw new IllegalArgumentException("m2m.webhooks.retry-delays needs at least one delay");
        }
        if (retryDelays.stream().anyMatch(delay -> delay == null || delay.isNegative())) {
            throw new IllegalArgumentException("m2m.webhooks.retry-delays must not be negative");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("m2m.webhooks.timeout must be positive");
        }
        if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("m2m.webhooks.poll-interval must be positive");
        }
        if (workerThreads < 1 || maxInFlightPerTarget < 1) {
            throw new IllegalArgumentException("m2m.webhooks.worker-threads and max-in-flight-per-target must be >= 1");
        }
        if (claimBatchSize < 1) {
            throw new IllegalArgumentException("m2m.webhooks.claim-batch-size must be >= 1");
        }
        if (maxConnectionsPerRoute < 0 || maxConnectionsTotal < 0) {
            throw new IllegalArgumentException("m2m.webhooks.max-connections-per-route and max-connections-total"
                    + " must be >= 0 (0 = derived from the in-flight limits)");
        }
        retryDelays = List.copyOf(retryDelays);
    }

    /** The settings this record had before the volume settings; those take their defaults. */
    public WebhookProperties(List<Duration> retryDelays, Duration timeout, Duration pollInterval,
                             boolean deliveryEnabled, int workerThreads, int maxInFlightPerTarget) {
        this(retryDelays, timeout, pollInterval, deliveryEnabled, workerThreads, maxInFlightPerTarget, 100, true, 0, 0);
    }

    /** The defaults, with other delays and timeout (for tests and tools). */
    public static WebhookProperties of(List<Duration> retryDelays, Duration timeout) {
        return new WebhookProperties(retryDelays, timeout, Duration.ofSeconds(1), true, 128, 32);
    }

    public WebhookProperties withPollInterval(Duration interval) {
        return new WebhookProperties(retryDelays, timeout, interval, deliveryEnabled, workerThreads,
                maxInFlightPerTarget, claimBatchSize, postgresNotify, maxConnectionsPerRoute, maxConnectionsTotal);
    }

    public Duration lease() {
        return timeout.plus(LEASE_MARGIN);
    }

    /** Connection pool size per route (scheme, host, port) for the HTTP client; never more than the pool. */
    public int connectionsPerRoute() {
        return maxConnectionsPerRoute > 0 ? Math.min(maxConnectionsPerRoute, connectionsTotal()) : connectionsTotal();
    }

    /** Connection pool size in all for the HTTP client: every worker plus the sandbox test attempts. */
    public int connectionsTotal() {
        return maxConnectionsTotal > 0 ? maxConnectionsTotal : Math.max(64, 2 * workerThreads);
    }
}

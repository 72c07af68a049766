package com.m2m.webhook.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code m2m.webhooks.*}: how webhooks are delivered.
 *
 * @param retryDelays          delays before attempts 1..n (n = the attempt budget); the first is counted from the
 *                             moment the delivery enters the outbox
 * @param timeout              per attempt, for connecting and for the response
 * @param pollInterval         how often the dispatcher looks for due deliveries
 * @param deliveryEnabled      false: nothing is sent by the background dispatcher (the outbox still fills)
 * @param workerThreads        attempts in flight at once on this node
 * @param maxInFlightPerTarget attempts in flight at once per partner environment on this node, so that one slow
 *                             endpoint cannot take every worker
 */
@ConfigurationProperties("m2m.webhooks")
public record WebhookProperties(@DefaultValue("0s,1m,5m,30m,2h") List<Duration> retryDelays,
                                @DefaultValue("30s") Duration timeout,
                                @DefaultValue("500ms") Duration pollInterval,
                                @DefaultValue("true") boolean deliveryEnabled,
                                @DefaultValue("16") int workerThreads,
                                @DefaultValue("2") int maxInFlightPerTarget) {

    /** A claimed delivery stays ours for one timeout plus this margin; after that another node may take it over. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

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
        retryDelays = List.copyOf(retryDelays);
    }

    /** The defaults, with other delays and timeout (for tests and tools). */
    public static WebhookProperties of(List<Duration> retryDelays, Duration timeout) {
        return new WebhookProperties(retryDelays, timeout, Duration.ofMillis(500), true, 16, 2);
    }

    public WebhookProperties withPollInterval(Duration interval) {
        return new WebhookProperties(retryDelays, timeout, interval, deliveryEnabled, workerThreads,
                maxInFlightPerTarget);
    }

    public Duration lease() {
        return timeout.plus(LEASE_MARGIN);
    }
}

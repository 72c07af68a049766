package com.m2m.webhook.delivery;

import com.m2m.domain.testing.BoundProperties;
import com.m2m.webhook.config.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-02-10T14:30:00Z");
    private static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ZERO, Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2));

    private final RetryPolicy policy = new RetryPolicy(DEFAULT_DELAYS);

    private static AttemptOutcome status(int status) {
        return AttemptOutcome.http(status, 12);
    }

    @Test
    void anyTwoHundredDelivers() {
        for (int status : new int[]{200, 201, 202, 204, 299}) {
            assertThat(policy.decide(1, status(status), NOW)).isEqualTo(new RetryPolicy.Decision(DeliveryStatus.DELIVERED, null));
        }
        assertThat(policy.decide(5, status(200), NOW).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void goneFailsAtOnce() {
        assertThat(policy.decide(1, status(410), NOW)).isEqualTo(new RetryPolicy.Decision(DeliveryStatus.FAILED, null));
    }

    @Test
    void failuresFollowTheScheduleThenFailAfterTheFifth() {
        assertThat(policy.decide(1, status(500), NOW)).isEqualTo(pending(Duration.ofMinutes(1)));
        assertThat(policy.decide(2, AttemptOutcome.error("Timed out after 30000 ms", 30000), NOW))
                .isEqualTo(pending(Duration.ofMinutes(5)));
        assertThat(policy.decide(3, AttemptOutcome.error("Connection failed", 3), NOW))
                .isEqualTo(pending(Duration.ofMinutes(30)));
        assertThat(policy.decide(4, status(503), NOW)).isEqualTo(pending(Duration.ofHours(2)));
        assertThat(policy.decide(5, status(500), NOW)).isEqualTo(new RetryPolicy.Decision(DeliveryStatus.FAILED, null));
    }

    @Test
    void redirectsAndClientErrorsAreFailures() {
        assertThat(policy.decide(1, status(301), NOW).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(policy.decide(1, status(302), NOW).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(policy.decide(1, status(400), NOW).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(policy.decide(1, status(100), NOW).status()).isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void theBudgetIsTheNumberOfDelays() {
        RetryPolicy two = new RetryPolicy(List.of(Duration.ZERO, Duration.ofMillis(100)));
        assertThat(two.maxAttempts()).isEqualTo(2);
        assertThat(two.firstDelay()).isZero();
        assertThat(two.decide(1, status(500), NOW)).isEqualTo(new RetryPolicy.Decision(DeliveryStatus.PENDING,
                NOW.plusMillis(100)));
        assertThat(two.decide(2, status(500), NOW).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThatThrownBy(() -> two.decide(0, status(500), NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomesAreEitherAStatusOrAShortError() {
        assertThatThrownBy(() -> new AttemptOutcome(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AttemptOutcome.error("x".repeat(1000), 1).error()).hasSize(200);
    }

    @Test
    void propertiesDefaultToTheDocumentedSchedule() {
        WebhookProperties defaults = Binder.get(new org.springframework.core.env.StandardEnvironment())
                .bindOrCreate("m2m.webhooks", WebhookProperties.class);
        assertThat(defaults.retryDelays()).isEqualTo(DEFAULT_DELAYS);
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.pollInterval()).as("a safety net only: commits wake the dispatcher")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxInFlightPerTarget()).isEqualTo(32);
        assertThat(defaults.workerThreads()).isEqualTo(128);
        assertThat(defaults.claimBatchSize()).isEqualTo(100);
        assertThat(defaults.postgresNotify()).isTrue();
        assertThat(defaults.connectionsPerRoute()).isEqualTo(256);
        assertThat(defaults.connectionsTotal()).isEqualTo(256);
        assertThat(defaults.deliveryEnabled()).isTrue();
        assertThat(defaults.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(WebhookProperties.of(defaults.retryDelays(), defaults.timeout()))
                .as("of(..) repeats the defaults (tests and tools build their settings with it): they must not drift")
                .isEqualTo(defaults);

        WebhookProperties configured = BoundProperties.bind("m2m.webhooks", WebhookProperties.class, Map.of(
                "m2m.webhooks.retry-delays", "0s,100ms,100ms,100ms,100ms",
                "m2m.webhooks.timeout", "2s",
                "m2m.webhooks.delivery-enabled", "false"));
        assertThat(configured.retryDelays()).containsExactly(Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(configured.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(configured.deliveryEnabled()).isFalse();
    }

    private static RetryPolicy.Decision pending(Duration delay) {
        return new RetryPolicy.Decision(DeliveryStatus.PENDING, NOW.plus(delay));
    }
}

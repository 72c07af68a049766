package com.m2m.webhook.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DeliveryMetrics metrics = new DeliveryMetrics(registry);

    @Test
    void eachRecordedAttemptIsCountedByOutcomeAndTimed() {
        metrics.recorded(AttemptOutcome.http(204, 120), DeliveryStatus.DELIVERED);
        metrics.recorded(AttemptOutcome.http(503, 40), DeliveryStatus.PENDING);
        metrics.recorded(AttemptOutcome.http(503, 60), DeliveryStatus.PENDING);
        metrics.recorded(AttemptOutcome.error("Connection refused", 3), DeliveryStatus.FAILED);

        assertThat(count("success", "delivered")).isEqualTo(1);
        assertThat(count("http_5xx", "pending")).isEqualTo(2);
        assertThat(count("error", "failed")).isEqualTo(1);
        var slow = registry.get(DeliveryMetrics.LATENCY).tag("outcome", "http_5xx").timer();
        assertThat(slow.count()).isEqualTo(2);
        assertThat(slow.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    }

    @Test
    void outcomesAreAClosedSet() {
        assertThat(DeliveryMetrics.outcomeTag(AttemptOutcome.http(302, 1))).isEqualTo("http_3xx");
        assertThat(DeliveryMetrics.outcomeTag(AttemptOutcome.http(410, 1))).isEqualTo("http_4xx");
        assertThat(DeliveryMetrics.outcomeTag(AttemptOutcome.http(999, 1))).isEqualTo("http_other");
        assertThat(DeliveryMetrics.outcomeTag(AttemptOutcome.error("timeout", 1))).isEqualTo("error");
    }

    private double count(String outcome, String status) {
        return registry.get(DeliveryMetrics.ATTEMPTS).tag("outcome", outcome).tag("status", status).counter().count();
    }
}

package com.m2m.webhook.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Counts every recorded webhook attempt by outcome and times it, in the one place an attempt's result is recorded
 * ({@link DeliveryAttempter}). Tags are small closed sets (never a partner, URL or error text), so the series
 * stay few: {@code outcome} is {@code success}, {@code http_3xx}/{@code http_4xx}/{@code http_5xx} or
 * {@code error} (timeout, connection failure, refused target); {@code status} is what the delivery became
 * ({@code delivered}, {@code pending} = will be retried, {@code failed} = given up).
 */
@Component
public class DeliveryMetrics {

    public static final String ATTEMPTS = "m2m.webhook.deliveries";
    public static final String LATENCY = "m2m.webhook.delivery.duration";

    /** No registry (unit tests that build the attempter by hand): meters go nowhere. */
    public static final DeliveryMetrics NONE = new DeliveryMetrics(new CompositeMeterRegistry());

    private final MeterRegistry registry;

    @Autowired
    public DeliveryMetrics(ObjectProvider<MeterRegistry> registry) {
        this(registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(AttemptOutcome outcome, DeliveryStatus status) {
        String result = outcomeTag(outcome);
        // The latency first: whoever sees the attempt counted (a scrape, a test waiting on it) sees its time too.
        Timer.builder(LATENCY)
                .description("Time a webhook attempt took until the receiver answered or the attempt failed")
                .tag("outcome", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(Duration.ofMillis(Math.max(0, outcome.durationMs())));
        Counter.builder(ATTEMPTS)
                .description("Webhook delivery attempts recorded, by outcome and by what the delivery became")
                .tag("outcome", result).tag("status", status.wireName())
                .register(registry).increment();
    }

    static String outcomeTag(AttemptOutcome outcome) {
        if (outcome.httpStatus() == null) {
            return "error";
        }
        if (outcome.isSuccess()) {
            return "success";
        }
        int family = outcome.httpStatus() / 100;
        return family >= 1 && family <= 5 ? "http_" + family + "xx" : "http_other";
    }
}

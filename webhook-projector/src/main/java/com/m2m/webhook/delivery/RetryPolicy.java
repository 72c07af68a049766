package com.m2m.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The retry schedule as a pure decision: given which attempt of the current budget just ended and how, what the
 * delivery becomes. {@code delays[i]} is the wait before attempt {@code i + 1}; the budget is {@code delays.size()}
 * attempts (5 with the default {@code 0s,1m,5m,30m,2h}).
 */
public final class RetryPolicy {

    private final List<Duration> delays;

    public RetryPolicy(List<Duration> delays) {
        if (delays == null || delays.isEmpty()) {
            throw new IllegalArgumentException("at least one delay");
        }
        this.delays = List.copyOf(delays);
    }

    /** The wait before the first attempt, counted from the moment a delivery enters the outbox. */
    public Duration firstDelay() {
        return delays.get(0);
    }

    public int maxAttempts() {
        return delays.size();
    }

    /**
     * @param attemptInBudget 1 for the first attempt of the budget (counting restarts at a replay)
     * @param outcome         what the attempt got
     * @param now             when it ended
     */
    public Decision decide(int attemptInBudget, AttemptOutcome outcome, Instant now) {
        if (attemptInBudget < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        if (outcome.isSuccess()) {
            return new Decision(DeliveryStatus.DELIVERED, null);
        }
        if (outcome.isGone() || attemptInBudget >= delays.size()) {
            return new Decision(DeliveryStatus.FAILED, null);
        }
        return new Decision(DeliveryStatus.PENDING, now.plus(delays.get(attemptInBudget)));
    }

    /** The delivery's next state; {@code nextAttemptAt} only when it stays pending. */
    public record Decision(DeliveryStatus status, Instant nextAttemptAt) {
    }
}

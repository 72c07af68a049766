package com.m2m.app.web;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per client address: a token bucket of {@code perMinute} failures, refilled continuously.
 * An address whose bucket is empty is refused until a failure's worth has refilled. In memory, per node; the map
 * forgets addresses whose allowance is whole again, so it cannot grow without bound from one-off failures.
 */
final class FailureThrottle {

    private static final int PRUNE_ABOVE = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, RateLimits.Bucket> buckets = new ConcurrentHashMap<>();

    FailureThrottle(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("the failed-authentication allowance must be at least 1 per minute");
        }
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Seconds to wait before this address may try again; 0 when it may try now. */
    long blockedFor(String address) {
        RateLimits.Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return 0;
        }
        long waitMillis = bucket.waitMillis(perMinute, clock.millis());
        return waitMillis <= 0 ? 0 : Math.max(1, (waitMillis + 999) / 1000);
    }

    void record(String address) {
        if (buckets.size() > PRUNE_ABOVE) {
            long now = clock.millis();
            buckets.entrySet().removeIf(entry -> entry.getValue().isFull(perMinute, now));
        }
        buckets.computeIfAbsent(address, key -> new RateLimits.Bucket()).take(perMinute, clock.millis());
    }
}

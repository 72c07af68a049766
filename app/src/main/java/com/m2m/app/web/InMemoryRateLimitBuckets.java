package com.m2m.app.web;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One node's buckets, in memory (the embedded database serves one node only). */
public class InMemoryRateLimitBuckets implements RateLimitBuckets {

    private final Clock clock;
    private final Map<String, RateLimits.Bucket> buckets = new ConcurrentHashMap<>();

    public InMemoryRateLimitBuckets(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Take take(String key, int perMinute) {
        RateLimits.Bucket bucket = buckets.computeIfAbsent(key, k -> new RateLimits.Bucket());
        long waitMillis = bucket.take(perMinute, clock.millis());
        return new Take(waitMillis == 0, bucket.remaining(), waitMillis, bucket.secondsUntilFull(perMinute));
    }
}

package com.m2m.app.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.m2m.command.common.TooManyRequestsException;
import com.m2m.command.widget.SessionAttemptLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The widget API's token buckets (Bucket4j), held in memory on each node: failed session exchanges per link, and
 * requests per session and per client address. Each kind lives in a bounded Caffeine map whose entries are dropped
 * after a few idle minutes, so a flood of made-up link ids or addresses cannot grow the heap; a dropped bucket was
 * full again anyway. Time is the platform's {@link Clock}.
 */
@Component
@EnableConfigurationProperties(WidgetRateLimitProperties.class)
public class WidgetThrottles implements SessionAttemptLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_KEYS = 100_000;

    private final WidgetRateLimitProperties limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> failuresByLink = buckets();
    private final Cache<String, Bucket> requestsBySession = buckets();
    private final Cache<String, Bucket> requestsByAddress = buckets();

    public WidgetThrottles(WidgetRateLimitProperties limits, Clock clock) {
        this.limits = limits;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public void ensureAllowed(String linkId) {
        Bucket failures = failuresByLink.getIfPresent(linkId);
        if (failures == null) {
            return;
        }
        EstimationProbe probe = failures.estimateAbilityToConsume(1);
        if (!probe.canBeConsumed()) {
            throw new TooManyRequestsException("Too many failed attempts for this link. Retry after the time in"
                    + " Retry-After.", seconds(probe.getNanosToWaitForRefill()));
        }
    }

    @Override
    public void recordFailure(String linkId) {
        // Intervally: the allowance comes back whole when the minute is over, not one attempt at a time.
        failuresByLink.get(linkId, id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.widgetSessionFailuresPerLinkPerMinute())
                        .refillIntervally(limits.widgetSessionFailuresPerLinkPerMinute(), WINDOW))
                .withCustomTimePrecision(time).build()).tryConsume(1);
    }

    /** @return empty when the request may pass, else the seconds to wait */
    public OptionalLong takeForSession(String sessionTokenHash) {
        return take(requestsBySession, sessionTokenHash);
    }

    /** @return empty when the request may pass, else the seconds to wait */
    public OptionalLong takeForAddress(String address) {
        return take(requestsByAddress, address);
    }

    public int requestsPerMinute() {
        return limits.widgetRequestsPerMinute();
    }

    private OptionalLong take(Cache<String, Bucket> buckets, String key) {
        ConsumptionProbe probe = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.widgetRequestsPerMinute())
                        .refillGreedy(limits.widgetRequestsPerMinute(), WINDOW))
                .withCustomTimePrecision(time).build()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? OptionalLong.empty() : OptionalLong.of(seconds(probe.getNanosToWaitForRefill()));
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static Cache<String, Bucket> buckets() {
        return Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(WINDOW.multipliedBy(2)).build();
    }
}

package com.m2m.app.web;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.query.partner.PartnerDirectoryProjection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Per partner and environment: creating links (100/min by default) and every other partner call (1000/min)
 * have separate token buckets, so a burst of reads never blocks link creation. A partner's settings override the
 * platform defaults. The buckets are the cluster's ({@link RateLimitBuckets}): in PostgreSQL, shared by every node, so
 * N per minute admits N across all nodes; in memory on the embedded single-node database.
 * Every partner response says where its bucket stands: {@code X-RateLimit-Limit} (requests per minute),
 * {@code X-RateLimit-Remaining} (whole requests left now) and {@code X-RateLimit-Reset} (seconds until the bucket
 * is full again; a token bucket has no fixed window, so this is a delta, not a clock time).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
@EnableConfigurationProperties(PartnerRateLimitProperties.class)
public class RateLimits extends OncePerRequestFilter {

    private final PartnerDirectoryProjection directory;
    private final ErrorResponses errors;
    private final RateLimitBuckets buckets;
    private final PartnerRateLimitProperties defaults;

    public RateLimits(PartnerDirectoryProjection directory, ErrorResponses errors, RateLimitBuckets buckets,
                      PartnerRateLimitProperties defaults) {
        this.directory = directory;
        this.errors = errors;
        this.buckets = buckets;
        this.defaults = defaults;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(PartnerAuthentication.TENANT_ATTRIBUTE) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tenant tenant = (Tenant) request.getAttribute(PartnerAuthentication.TENANT_ATTRIBUTE);
        boolean createLink = "POST".equals(request.getMethod()) && "/partner/links".equals(request.getRequestURI());
        // Read through the request so the command this request runs reuses it (one settings read per request).
        PartnerSettings settings = directory.settings(request, tenant.partnerId(), tenant.environment());
        int perMinute = createLink
                ? orDefault(settings.createLinksPerMinute(), defaults.createLinksPerMinute())
                : orDefault(settings.requestsPerMinute(), defaults.requestsPerMinute());
        String key = tenant.partnerId() + "|" + tenant.environment() + "|" + (createLink ? "create-link" : "other");
        RateLimitBuckets.Take take = buckets.take(key, perMinute);
        long waitMillis = take.waitMillis();
        response.setHeader("X-RateLimit-Limit", Integer.toString(perMinute));
        response.setHeader("X-RateLimit-Remaining", Long.toString(take.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(take.secondsUntilFull()));
        if (!take.allowed()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
            errors.write(request, response, ErrorCode.RATE_LIMITED,
                    "Rate limit exceeded: " + perMinute + " requests per minute. Retry after the time in Retry-After.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** A token bucket holding up to a minute's allowance, refilled continuously. */
    static final class Bucket {
        private double tokens = -1;
        private long lastMillis;

        /** @return 0 when the request may pass, else the milliseconds until it could */
        synchronized long take(int perMinute, long nowMillis) {
            double refillPerMilli = perMinute / 60_000.0;
            if (tokens < 0) {
                tokens = perMinute;
            } else {
                tokens = Math.min(perMinute, tokens + (nowMillis - lastMillis) * refillPerMilli);
            }
            lastMillis = nowMillis;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / refillPerMilli);
        }

        /** Like {@link #take} without taking: 0 when a token is there now, else the milliseconds until one is. */
        synchronized long waitMillis(int perMinute, long nowMillis) {
            if (tokens < 0) {
                return 0;
            }
            double refillPerMilli = perMinute / 60_000.0;
            double now = Math.min(perMinute, tokens + (nowMillis - lastMillis) * refillPerMilli);
            return now >= 1 ? 0 : (long) Math.ceil((1 - now) / refillPerMilli);
        }

        /** Whether the bucket has refilled completely (nothing left to remember). */
        synchronized boolean isFull(int perMinute, long nowMillis) {
            return tokens < 0 || tokens + (nowMillis - lastMillis) * (perMinute / 60_000.0) >= perMinute;
        }

        /** Whole requests that would pass right now. */
        synchronized int remaining() {
            return (int) Math.max(0, Math.floor(tokens));
        }

        /** Seconds (rounded up) until the bucket holds its whole minute's allowance again. */
        synchronized long secondsUntilFull(int perMinute) {
            double missing = perMinute - Math.max(0, tokens);
            return missing <= 0 ? 0 : (long) Math.ceil(missing * 60.0 / perMinute);
        }
    }
}

package com.m2m.app.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Looks at how each request was answered, right inside {@link RequestIds} (so the MDC still holds the request id,
 * partner and environment): logs every refused request (4xx) at INFO with its error code, and counts the business
 * outcomes operators watch. The filters that decide (rate limits, idempotency) only mark the response, so the
 * metrics live here in one place:
 * <ul>
 *     <li>{@code m2m.link.creations{status,code}}: every {@code POST /partner/links} by HTTP status and error code
 *     ({@code none} on success);</li>
 *     <li>{@code m2m.idempotency.hits{outcome}}: {@code replayed} (a stored answer was sent again) or
 *     {@code conflict} (same key, different request);</li>
 *     <li>{@code m2m.ratelimit.refusals{scope}}: 429s, {@code create-link} or {@code other}.</li>
 * </ul>
 * The log line names the path but never a query string or body, so no personal data reaches the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestOutcomes extends OncePerRequestFilter {

    public static final String LINK_CREATIONS = "m2m.link.creations";
    public static final String IDEMPOTENCY_HITS = "m2m.idempotency.hits";
    public static final String RATE_LIMIT_REFUSALS = "m2m.ratelimit.refusals";

    private static final Logger log = LoggerFactory.getLogger(RequestOutcomes.class);

    private final MeterRegistry registry;

    public RequestOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            observe(request, response);
        }
    }

    private void observe(HttpServletRequest request, HttpServletResponse response) {
        int status = response.getStatus();
        Object attribute = request.getAttribute(ErrorResponses.CODE_ATTRIBUTE);
        String code = attribute == null ? "none" : attribute.toString();
        boolean createLink = "POST".equals(request.getMethod()) && "/partner/links".equals(request.getRequestURI());
        if (createLink) {
            Counter.builder(LINK_CREATIONS).description("POST /partner/links answers by HTTP status and error code")
                    .tag("status", Integer.toString(status)).tag("code", code)
                    .register(registry).increment();
        }
        if ("true".equals(response.getHeader("Idempotent-Replayed"))) {
            hit("replayed");
        } else if (ErrorCode.IDEMPOTENCY_CONFLICT.name().equals(code)) {
            hit("conflict");
        }
        if (ErrorCode.RATE_LIMITED.name().equals(code)) {
            Counter.builder(RATE_LIMIT_REFUSALS).description("Partner requests refused with 429 by the rate limits")
                    .tag("scope", createLink ? "create-link" : "other")
                    .register(registry).increment();
        }
        if (status >= 400 && status < 500) {
            log.info("{} {} answered {} {}", request.getMethod(), request.getRequestURI(), status, code);
        }
    }

    private void hit(String outcome) {
        Counter.builder(IDEMPOTENCY_HITS).description("Idempotency-Key requests answered from a stored result or refused")
                .tag("outcome", outcome).register(registry).increment();
    }
}

package com.m2m.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Widget API requests per client address ({@code m2m.rate-limits.widget-requests-per-minute}), counted before the
 * session is looked up, so a loop of made-up session tokens is stopped too. The address is the connection's peer
 * (behind a reverse proxy, configure Spring's forwarded-header support so it is the client's).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class WidgetAddressThrottle extends OncePerRequestFilter {

    private final WidgetThrottles throttles;
    private final ErrorResponses errors;

    public WidgetAddressThrottle(WidgetThrottles throttles, ErrorResponses errors) {
        this.throttles = throttles;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/widget/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalLong wait = throttles.takeForAddress(request.getRemoteAddr());
        if (wait.isPresent()) {
            refuse(request, response, errors, wait.getAsLong(), throttles.requestsPerMinute());
            return;
        }
        chain.doFilter(request, response);
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorResponses errors,
                       long retryAfterSeconds, int perMinute) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        errors.write(request, response, ErrorCode.RATE_LIMITED, "Rate limit exceeded: " + perMinute
                + " widget requests per minute. Retry after the time in Retry-After.");
    }
}

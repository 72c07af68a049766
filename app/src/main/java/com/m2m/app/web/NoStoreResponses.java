package com.m2m.app.web;

import jakarta.servlet.FilterChain;
import java.io.IOException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Cache-Control: no-store} on every API answer, errors included: link tokens, API keys, webhook secrets and
 * widget session tokens travel in ordinary answers, and no cache (browser, proxy, CDN) may keep one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NoStoreResponses extends OncePerRequestFilter {

    /**
     * The widget's page and assets set their own Cache-Control (no-store for the page; a year for the versioned,
     * secret-free assets); Spring adds a handler's header to one set here rather than replacing it.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/w/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}

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
 * {@code Cache-Control: no-store} on every answer unless its handler says otherwise: link tokens, API keys,
 * webhook secrets and widget session tokens travel in ordinary API answers, and no cache (browser, proxy, CDN)
 * may keep one. The widget's static assets set their own long-lived caching.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NoStoreResponses extends OncePerRequestFilter {

    /** Versioned, immutable and secret-free: cached for a year by their controller. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/w/assets/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}

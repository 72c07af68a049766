package com.m2m.app.web;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.partner.ApiKeys;
import com.m2m.query.partner.ApiKeyUsage;
import com.m2m.query.partner.PartnerDirectoryProjection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;

/**
 * Authenticates every {@code /partner/**} request by its API key ({@code X-API-Key}, or {@code Authorization:
 * Bearer}) and fixes the {@link Tenant} the request acts for. The key directory is a projection updated in the
 * same transaction as the key's events, so a revoked key or a suspension stops working at once.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class PartnerAuthentication extends OncePerRequestFilter {

    static final String TENANT_ATTRIBUTE = Tenant.class.getName();

    private final PartnerDirectoryProjection directory;
    private final ApiKeyUsage usage;
    private final ErrorResponses errors;
    private final Clock clock;

    public PartnerAuthentication(PartnerDirectoryProjection directory, ApiKeyUsage usage, ErrorResponses errors,
                                 Clock clock) {
        this.directory = directory;
        this.usage = usage;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/partner/") && !request.getRequestURI().equals("/partner");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = presentedKey(request);
        if (key == null) {
            errors.write(request, response, ErrorCode.UNAUTHORIZED,
                    "Missing authentication. Provide X-API-Key or Bearer token.");
            return;
        }
        var lookup = ApiKeys.environmentOf(key).flatMap(environment -> directory.findApiKey(request, ApiKeys.hash(key))
                .filter(found -> found.environment() == environment));
        if (lookup.isEmpty() || lookup.get().revoked()) {
            errors.write(request, response, ErrorCode.INVALID_API_KEY, "Invalid or revoked API key");
            return;
        }
        if (!lookup.get().partnerActive()) {
            errors.write(request, response, ErrorCode.PARTNER_SUSPENDED, "Partner account is suspended or not found");
            return;
        }
        usage.recordUse(ApiKeys.hash(key), clock.instant());
        request.setAttribute(TENANT_ATTRIBUTE, new Tenant(lookup.get().partnerId(), lookup.get().environment()));
        LogContext.tenant(lookup.get().partnerId(), lookup.get().environment());
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key == null || key.isBlank()) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = authorization.substring(7);
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}

package com.m2m.app.web;

import com.m2m.domain.staff.StaffActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Staff endpoints ({@code /admin}, {@code /support}, {@code /analytics}) take a bearer token from
 * {@code m2m.staff-tokens} (see {@link StaffTokens}) and the role the path needs. A partner API key is no staff
 * token: it is refused like any unknown token (401). The {@link StaffActor} found is kept on the request for the
 * controllers (a {@code StaffActor} parameter) and for the audit trail.
 *
 * <p>Failed attempts are throttled per client address ({@code m2m.rate-limits.staff-auth-failures-per-minute},
 * default 10): past that, every staff request from that address answers 429 until the allowance refills, so a
 * token cannot be guessed at speed.
 */
@Component
@EnableConfigurationProperties(StaffAuthProperties.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class StaffAuthentication extends OncePerRequestFilter {

    static final String ACTOR_ATTRIBUTE = StaffActor.class.getName();

    private static final Map<String, String> ROLE_BY_PATH = Map.of(
            "/admin/", "OPERATOR", "/support/", "SUPPORT", "/analytics/", "ANALYST");

    private final StaffTokens tokens;
    private final ErrorResponses errors;
    private final FailureThrottle failures;

    @Autowired
    public StaffAuthentication(StaffAuthProperties properties, ErrorResponses errors, Clock clock) {
        this(properties.staffTokens(), errors, clock, properties.rateLimits().staffAuthFailuresPerMinute());
    }

    StaffAuthentication(String staffTokens, ErrorResponses errors, Clock clock, int failuresPerMinute) {
        this.tokens = StaffTokens.parse(staffTokens);
        this.errors = errors;
        this.failures = new FailureThrottle(failuresPerMinute, clock);
    }

    /** The actor of a staff request, when it was authenticated. */
    public static Optional<StaffActor> actorOf(HttpServletRequest request) {
        return Optional.ofNullable((StaffActor) request.getAttribute(ACTOR_ATTRIBUTE));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return requiredRole(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        long retryAfter = failures.blockedFor(address);
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
            errors.write(request, response, ErrorCode.RATE_LIMITED,
                    "Too many failed staff authentications from this address. Retry after the time in Retry-After.");
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            failures.record(address);
            errors.write(request, response, ErrorCode.UNAUTHORIZED, "Missing authentication. Provide a Bearer token.");
            return;
        }
        Optional<StaffActor> actor = tokens.find(authorization.substring(7).trim());
        if (actor.isEmpty()) {
            failures.record(address);
            errors.write(request, response, ErrorCode.INVALID_API_KEY, "Invalid staff token");
            return;
        }
        String needed = requiredRole(request);
        if (!actor.get().roles().contains(needed)) {
            errors.write(request, response, ErrorCode.FORBIDDEN, "This endpoint requires the " + needed + " role");
            return;
        }
        request.setAttribute(ACTOR_ATTRIBUTE, actor.get());
        chain.doFilter(request, response);
    }

    private static String requiredRole(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return ROLE_BY_PATH.entrySet().stream().filter(e -> uri.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}

package com.m2m.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Staff endpoints ({@code /admin}, {@code /support}, {@code /analytics}) take a bearer token from
 * {@code m2m.staff-tokens} ({@code token:ROLE[+ROLE]}, comma separated) and the role the path needs.
 * A partner API key is no staff token: it is refused like any unknown token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class StaffAuthentication extends OncePerRequestFilter {

    public enum Role { OPERATOR, SUPPORT, ANALYST }

    private static final Map<String, Role> ROLE_BY_PATH = Map.of(
            "/admin/", Role.OPERATOR, "/support/", Role.SUPPORT, "/analytics/", Role.ANALYST);

    private final Map<String, Set<Role>> rolesByToken;
    private final ErrorResponses errors;

    public StaffAuthentication(@Value("${m2m.staff-tokens:}") String staffTokens, ErrorResponses errors) {
        this.rolesByToken = parse(staffTokens);
        this.errors = errors;
    }

    static Map<String, Set<Role>> parse(String staffTokens) {
        Map<String, Set<Role>> tokens = new LinkedHashMap<>();
        for (String entry : staffTokens.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("m2m.staff-tokens entries look like token:ROLE[+ROLE]");
            }
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            Arrays.stream(entry.substring(colon + 1).split("\\+")).map(String::trim).map(Role::valueOf)
                    .forEach(roles::add);
            tokens.put(entry.substring(0, colon).trim(), roles);
        }
        return tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return requiredRole(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            errors.write(request, response, ErrorCode.UNAUTHORIZED, "Missing authentication. Provide a Bearer token.");
            return;
        }
        Set<Role> roles = rolesOf(authorization.substring(7).trim());
        if (roles == null) {
            errors.write(request, response, ErrorCode.INVALID_API_KEY, "Invalid staff token");
            return;
        }
        Role needed = requiredRole(request);
        if (!roles.contains(needed)) {
            errors.write(request, response, ErrorCode.FORBIDDEN, "This endpoint requires the " + needed + " role");
            return;
        }
        chain.doFilter(request, response);
    }

    private Set<Role> rolesOf(String presented) {
        byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
        Set<Role> found = null;
        for (Map.Entry<String, Set<Role>> entry : rolesByToken.entrySet()) {
            // Constant-time comparison against every token: timing tells nothing about which prefix matched.
            if (MessageDigest.isEqual(presentedBytes, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return found;
    }

    private static Role requiredRole(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return ROLE_BY_PATH.entrySet().stream().filter(e -> uri.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}

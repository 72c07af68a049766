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
import java.util.regex.Pattern;

/**
 * Refuses request paths that are not in canonical form before any other filter looks at them. Authentication, staff
 * roles and rate-limit classes are decided from the path; Spring's routing, though, also maps {@code /admin;x=1/..},
 * {@code /%61dmin/..} or {@code //admin/..} to the same controllers. No path of this API needs percent-encoding,
 * matrix parameters, empty or dot segments, so such requests are answered 400 and never reach a controller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class CanonicalPaths extends OncePerRequestFilter {

    private static final Pattern CANONICAL = Pattern.compile("(/[A-Za-z0-9_.:@~!$&'()*+,=-]+)*/?");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    private final ErrorResponses errors;

    public CanonicalPaths(ErrorResponses errors) {
        this.errors = errors;
    }

    static boolean isCanonical(String rawPath) {
        return CANONICAL.matcher(rawPath).matches() && !DOT_SEGMENT.matcher(rawPath).find();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isCanonical(request.getRequestURI())) {
            errors.write(request, response, ErrorCode.INVALID_REQUEST,
                    "The request path must not contain percent-encoding, ';', or empty or dot segments");
            return;
        }
        chain.doFilter(request, response);
    }
}

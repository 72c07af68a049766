package com.m2m.app.web;

import com.m2m.command.widget.WidgetSessions;
import com.m2m.domain.common.WidgetSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Widget API calls carry {@code Authorization: Bearer <sessionToken>} from {@code POST /widget/api/sessions}
 * (the only widget call without one). The session fixes the one link and user every call acts on.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class WidgetAuthentication extends OncePerRequestFilter {

    static final String SESSION_ATTRIBUTE = WidgetSession.class.getName();

    private final WidgetSessions sessions;
    private final ErrorResponses errors;

    public WidgetAuthentication(WidgetSessions sessions, ErrorResponses errors) {
        this.sessions = sessions;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/widget/api/") || uri.equals("/widget/api/sessions");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            errors.write(request, response, ErrorCode.UNAUTHORIZED,
                    "Missing widget session. Provide Authorization: Bearer <sessionToken>.");
            return;
        }
        Optional<WidgetSession> session = sessions.find(authorization.substring(7).trim());
        if (session.isEmpty()) {
            errors.write(request, response, ErrorCode.UNAUTHORIZED, "Invalid or expired widget session");
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        LogContext.tenant(session.get().partnerId(), session.get().environment());
        chain.doFilter(request, response);
    }
}

package com.m2m.app.web;

import com.m2m.command.widget.WidgetSessions;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.partner.PartnerStatus;
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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Widget API calls carry {@code Authorization: Bearer <sessionToken>} from {@code POST /widget/api/sessions}
 * (the only widget call without one). The session fixes the one link and user every call acts on. A session takes
 * {@code m2m.rate-limits.widget-requests-per-minute}; a suspended partner's sessions are refused with 403
 * {@code PARTNER_SUSPENDED} (the partner directory is updated in the suspension's own transaction; the decisions
 * that move money ask the partner aggregate again).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class WidgetAuthentication extends OncePerRequestFilter {

    static final String SESSION_ATTRIBUTE = WidgetSession.class.getName();

    private final WidgetSessions sessions;
    private final WidgetThrottles throttles;
    private final PartnerDirectoryProjection directory;
    private final ErrorResponses errors;

    public WidgetAuthentication(WidgetSessions sessions, WidgetThrottles throttles,
                                PartnerDirectoryProjection directory, ErrorResponses errors) {
        this.sessions = sessions;
        this.throttles = throttles;
        this.directory = directory;
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
        String token = authorization.substring(7).trim();
        Optional<WidgetSession> session = sessions.find(token);
        if (session.isEmpty()) {
            errors.write(request, response, ErrorCode.UNAUTHORIZED, "Invalid or expired widget session");
            return;
        }
        OptionalLong wait = throttles.takeForSession(Identifiers.sha256Hex(token));
        if (wait.isPresent()) {
            WidgetAddressThrottle.refuse(request, response, errors, wait.getAsLong(), throttles.requestsPerMinute());
            return;
        }
        boolean active = directory.findPartner(session.get().partnerId())
                .map(partner -> PartnerStatus.ACTIVE.wireName().equals(partner.status())).orElse(false);
        if (!active) {
            errors.write(request, response, ErrorCode.PARTNER_SUSPENDED, PartnerSuspendedException.MESSAGE);
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        LogContext.tenant(session.get().partnerId(), session.get().environment());
        chain.doFilter(request, response);
    }
}

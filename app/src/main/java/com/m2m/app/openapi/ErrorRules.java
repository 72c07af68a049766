package com.m2m.app.openapi;

import com.m2m.app.web.ErrorCode;
import io.swagger.v3.oas.models.PathItem;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which error codes a route can answer, from its path and method alone: the same rules the filters in
 * {@code com.m2m.app.web} apply (path canonicalisation, body size and JSON parsing for every route; the partner,
 * staff and widget authentication by prefix; rate limits; idempotency on partner POSTs; unknown ids).
 * What only a route's own logic answers (e.g. ACTIVE_LINK_EXISTS) is named in {@code routes.yaml}.
 */
final class ErrorRules {

    enum Audience { PARTNER, STAFF, WIDGET, PUBLIC }

    private ErrorRules() {
    }

    static Audience audience(String path) {
        if (path.startsWith("/partner/")) {
            return Audience.PARTNER;
        }
        if (path.startsWith("/admin/") || path.startsWith("/support/") || path.startsWith("/analytics/")) {
            return Audience.STAFF;
        }
        if (path.startsWith("/widget/api/") && !path.equals("/widget/api/sessions")) {
            return Audience.WIDGET;
        }
        return Audience.PUBLIC;
    }

    static Set<ErrorCode> codes(String path, PathItem.HttpMethod method) {
        Set<ErrorCode> codes = EnumSet.of(ErrorCode.INVALID_REQUEST, ErrorCode.INTERNAL_ERROR);
        switch (audience(path)) {
            case PARTNER -> {
                codes.addAll(EnumSet.of(ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_API_KEY,
                        ErrorCode.PARTNER_SUSPENDED, ErrorCode.RATE_LIMITED));
                if (method == PathItem.HttpMethod.POST) {
                    codes.add(ErrorCode.IDEMPOTENCY_CONFLICT);
                }
                if (path.startsWith("/partner/sandbox/")) {
                    codes.add(ErrorCode.RESOURCE_NOT_FOUND);
                }
            }
            // 429: failed staff authentications are throttled per client address.
            case STAFF -> codes.addAll(EnumSet.of(ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_API_KEY,
                    ErrorCode.FORBIDDEN, ErrorCode.RATE_LIMITED));
            case WIDGET -> codes.add(ErrorCode.UNAUTHORIZED);
            case PUBLIC -> {
            }
        }
        if (path.contains("{")) {
            codes.add(ErrorCode.RESOURCE_NOT_FOUND);
        }
        return codes;
    }
}

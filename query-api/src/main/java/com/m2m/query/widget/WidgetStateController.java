package com.m2m.query.widget;

import com.m2m.domain.common.WidgetSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The widget page's read: {@code GET /widget/api/state}. The {@link WidgetSession} is resolved by the application
 * from {@code Authorization: Bearer <sessionToken>} (a missing, unknown or expired session never reaches here).
 * The result is a plain object: the application adds the envelope.
 */
@RestController
public record WidgetStateController(WidgetStateReader reader) {

    @GetMapping("/widget/api/state")
    public WidgetState state(WidgetSession session) {
        return reader.state(session);
    }
}

package com.m2m.app.widget;

import com.m2m.domain.common.WidgetSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /widget/api/config}: the tables of the widget's forms ({@link WidgetConfig}). Behind the same session
 * as every other widget call (the {@link WidgetSession} parameter makes a missing one a 401), although nothing in
 * it is about the session: one answer for every link.
 */
@RestController
public class WidgetConfigController {

    private static final WidgetConfig CONFIG = WidgetConfig.current();

    @GetMapping("/widget/api/config")
    public WidgetConfig config(WidgetSession session) {
        return CONFIG;
    }
}

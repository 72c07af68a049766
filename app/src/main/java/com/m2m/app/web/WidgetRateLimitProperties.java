package com.m2m.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The widget API's throttles, next to the partner limits under {@code m2m.rate-limits}.
 *
 * @param widgetSessionFailuresPerLinkPerMinute failed session exchanges (wrong token) a link takes per minute;
 *                                              after that every exchange for the link answers 429 until the
 *                                              minute has passed, the right token too
 * @param widgetRequestsPerMinute               widget API requests per session, and separately per client address
 */
@ConfigurationProperties(prefix = "m2m.rate-limits")
public record WidgetRateLimitProperties(@DefaultValue("10") int widgetSessionFailuresPerLinkPerMinute,
                                        @DefaultValue("600") int widgetRequestsPerMinute) {

    public WidgetRateLimitProperties {
        if (widgetSessionFailuresPerLinkPerMinute < 1 || widgetRequestsPerMinute < 1) {
            throw new IllegalArgumentException("m2m.rate-limits.widget-* settings must be at least 1");
        }
    }
}

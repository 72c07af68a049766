package com.m2m.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code m2m.widget.*} of the widget API's sessions.
 *
 * @param sessionMinutes a widget session lasts this long (never past its link's expiry)
 */
@ConfigurationProperties("m2m.widget")
public record WidgetSessionProperties(@DefaultValue("30") long sessionMinutes) {

    public WidgetSessionProperties {
        if (sessionMinutes < 1) {
            throw new IllegalArgumentException("m2m.widget.session-minutes must be >= 1");
        }
    }

    public Duration sessionLifetime() {
        return Duration.ofMinutes(sessionMinutes);
    }
}

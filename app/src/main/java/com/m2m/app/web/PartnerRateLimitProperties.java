package com.m2m.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform defaults of the partner limits ({@link RateLimits}), per partner and environment; a partner's own
 * settings override them. Beside the widget and staff limits under {@code m2m.rate-limits}.
 *
 * @param createLinksPerMinute {@code POST /partner/links} per minute
 * @param requestsPerMinute    every other partner call per minute
 */
@ConfigurationProperties(prefix = "m2m.rate-limits")
public record PartnerRateLimitProperties(@DefaultValue("100") int createLinksPerMinute,
                                         @DefaultValue("1000") int requestsPerMinute) {
}

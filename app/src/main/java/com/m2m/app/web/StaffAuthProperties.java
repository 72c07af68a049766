package com.m2m.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staff authentication: {@code m2m.staff-tokens} and {@code m2m.rate-limits.staff-auth-failures-per-minute}.
 *
 * @param staffTokens the {@code [name=]token:ROLE[+ROLE]} list, comma separated ({@link StaffTokens}); empty: no
 *                    staff endpoint can be used
 * @param rateLimits  the staff part of {@code m2m.rate-limits}
 */
@ConfigurationProperties("m2m")
public record StaffAuthProperties(@DefaultValue("") String staffTokens, @DefaultValue RateLimits rateLimits) {

    /** @param staffAuthFailuresPerMinute failed staff authentications per client address, then 429 */
    public record RateLimits(@DefaultValue("10") int staffAuthFailuresPerMinute) {

        public RateLimits {
            if (staffAuthFailuresPerMinute < 1) {
                throw new IllegalArgumentException("m2m.rate-limits.staff-auth-failures-per-minute must be >= 1");
            }
        }
    }
}

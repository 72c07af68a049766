package com.m2m.app.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffAuthPropertiesTest {

    private static StaffAuthProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("m2m",
                StaffAuthProperties.class);
    }

    @Test
    void defaultsToNoStaffTokensAndTenFailuresAMinute() {
        StaffAuthProperties properties = bind(Map.of());
        assertThat(properties.staffTokens()).isEmpty();
        assertThat(properties.rateLimits().staffAuthFailuresPerMinute()).isEqualTo(10);
    }

    @Test
    void bindsTheCommaSeparatedTokenListWholeAndTheStaffRateLimitBesideThePartnerOnes() {
        String tokens = "ana=" + "a".repeat(24) + ":SUPPORT," + "b".repeat(24) + ":OPERATOR+ANALYST";
        StaffAuthProperties properties = bind(Map.of("m2m.staff-tokens", tokens,
                "m2m.rate-limits.staff-auth-failures-per-minute", "10000",
                "m2m.rate-limits.requests-per-minute", "5"));
        assertThat(properties.staffTokens()).isEqualTo(tokens);
        assertThat(properties.rateLimits().staffAuthFailuresPerMinute()).isEqualTo(10000);
    }

    @Test
    void aLimitBelowOneIsRefusedAtStartup() {
        assertThatThrownBy(() -> new StaffAuthProperties.RateLimits(0))
                .hasMessageContaining("m2m.rate-limits.staff-auth-failures-per-minute");
    }
}

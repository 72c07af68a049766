package com.m2m.app.web;

import com.m2m.domain.testing.BoundProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffAuthPropertiesTest {

    private static StaffAuthProperties bind(Map<String, String> properties) {
        return BoundProperties.bind("m2m", StaffAuthProperties.class, properties);
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

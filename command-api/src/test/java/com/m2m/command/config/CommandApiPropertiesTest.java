package com.m2m.command.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.m2m.domain.testing.BoundProperties.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandApiPropertiesTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(bind("m2m.cip", CipProperties.class, Map.of()).sandboxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bind("m2m.payouts", PayoutProperties.class, Map.of()).sandboxStepDelay())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(bind("m2m.widget", WidgetSessionProperties.class, Map.of()).sessionLifetime())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void settingsBindFromTheirKebabCaseKeys() {
        Map<String, String> properties = Map.of("m2m.cip.sandbox-delay", "300ms",
                "m2m.payouts.sandbox-step-delay", "10m", "m2m.widget.session-minutes", "600");
        assertThat(bind("m2m.cip", CipProperties.class, properties).sandboxDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(bind("m2m.payouts", PayoutProperties.class, properties).sandboxStepDelay())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(bind("m2m.widget", WidgetSessionProperties.class, properties).sessionLifetime())
                .isEqualTo(Duration.ofMinutes(600));
    }

    @Test
    void invalidSettingsAreRefusedAtStartup() {
        assertThatThrownBy(() -> new CipProperties(Duration.ofSeconds(-1)))
                .hasMessageContaining("m2m.cip.sandbox-delay");
        assertThatThrownBy(() -> new PayoutProperties(Duration.ofSeconds(-1)))
                .hasMessageContaining("m2m.payouts.sandbox-step-delay");
        assertThatThrownBy(() -> new WidgetSessionProperties(0)).hasMessageContaining("m2m.widget.session-minutes");
    }
}

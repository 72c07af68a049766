package com.m2m.domain.common;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one lookup every aggregate replays its status-only events with. The aggregates' own tests cover their tables
 * (each transition replayed from events); this covers the lookup and its refusal of an unmapped event.
 */
class StatusEventTest {

    private record Opened() implements StatusEvent {
    }

    private record Forgotten() implements StatusEvent {
    }

    private static final Map<Class<? extends StatusEvent>, String> TABLE = Map.of(Opened.class, "opened");

    @Test
    void answersTheStatusTheTableGivesTheEventsType() {
        assertThat(StatusEvent.statusAfter(new Opened(), TABLE)).isEqualTo("opened");
    }

    @Test
    void anEventMissingFromTheTableFailsLoudlyRatherThanLeavingANullStatus() {
        assertThatThrownBy(() -> StatusEvent.statusAfter(new Forgotten(), TABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No status after Forgotten");
    }
}

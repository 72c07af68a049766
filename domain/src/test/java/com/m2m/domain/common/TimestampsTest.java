package com.m2m.domain.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @Test
    void theWireFormIsUtcWithMilliseconds() {
        assertThat(Timestamps.wire(Instant.parse("2026-02-10T14:30:00Z"))).isEqualTo("2026-02-10T14:30:00.000Z");
        assertThat(Timestamps.wire(Instant.parse("2026-02-10T14:30:00.123456789Z")))
                .isEqualTo("2026-02-10T14:30:00.123Z");
        assertThat(Timestamps.wire(null)).isNull();
    }

    @Test
    void theStoredFormIsUtcTruncatedToMicrosecondsAndReadsBackAsTheSameInstant() {
        OffsetDateTime stored = Timestamps.stored(Instant.parse("2026-02-10T14:30:00.123456789Z"));

        assertThat(stored).isEqualTo(OffsetDateTime.of(2026, 2, 10, 14, 30, 0, 123_456_000, ZoneOffset.UTC));
        assertThat(Timestamps.fromStored(stored)).isEqualTo(Instant.parse("2026-02-10T14:30:00.123456Z"));
        assertThat(Timestamps.stored(null)).isNull();
        assertThat(Timestamps.fromStored(null)).isNull();
    }
}

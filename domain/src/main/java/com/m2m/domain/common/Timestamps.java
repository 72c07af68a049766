package com.m2m.domain.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The platform's two forms of an instant, one home each: on the wire (every API response, webhook body and JSON
 * stored for them: {@code 2026-02-10T14:30:00.000Z}, UTC, milliseconds) and in the database ({@code TIMESTAMP WITH
 * TIME ZONE} bound as a UTC {@link OffsetDateTime}, which H2 and the PostgreSQL driver both accept, truncated to
 * microseconds, the precision both store, so that a value written and the same value compared later, on a replay
 * for instance, are equal on either database).
 */
public final class Timestamps {

    /** The wire form. */
    public static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The wire form of {@code instant}; null stays null. */
    public static String wire(Instant instant) {
        return instant == null ? null : WIRE.format(instant);
    }

    /** What a {@code TIMESTAMP WITH TIME ZONE} column is bound to; null stays null. */
    public static OffsetDateTime stored(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The instant a column read back holds; null stays null. */
    public static Instant fromStored(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}

package com.m2m.webhook.common;

import com.m2m.domain.common.Timestamps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Binding and reading {@code TIMESTAMP WITH TIME ZONE} columns: the JDBC side of {@link Timestamps}' stored form
 * (which stays in domain, free of JDBC).
 */
public final class Db {

    private Db() {
    }

    public static OffsetDateTime ts(Instant instant) {
        return Timestamps.stored(instant);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return Timestamps.fromStored(rs.getObject(column, OffsetDateTime.class));
    }

    /** An INTEGER column that may be NULL. */
    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}

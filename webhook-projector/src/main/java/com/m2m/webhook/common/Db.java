package com.m2m.webhook.common;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Binding and reading {@code TIMESTAMP WITH TIME ZONE} columns in a way both H2 and the PostgreSQL driver accept.
 * Instants are truncated to microseconds, the precision both databases store, so a value written and compared
 * later is equal on either database. query-api has its own: this reads JDBC result sets, and the one module
 * both may share, domain, stays free of JDBC.
 */
public final class Db {

    private Db() {
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An INTEGER column that may be NULL. */
    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}

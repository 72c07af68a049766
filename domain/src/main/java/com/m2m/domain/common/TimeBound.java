package com.m2m.domain.common;

import java.time.Instant;

/**
 * One end of a time range. A bare date given as {@code to} ends at the start of the next UTC day, exclusive;
 * every other bound is inclusive.
 */
public record TimeBound(Instant at, boolean inclusive) {

    /** The SQL comparison for an upper bound of {@code column}: {@code column <= ?} or {@code column < ?}. */
    public String upperBoundSql(String column) {
        return column + (inclusive ? " <= ?" : " < ?");
    }
}

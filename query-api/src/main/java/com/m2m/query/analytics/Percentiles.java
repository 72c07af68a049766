package com.m2m.query.analytics;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The median and 90th percentile of a set of durations, in seconds with millisecond precision ({@code 12.345}),
 * and how many durations there were. Both are {@code null} when there are none.
 *
 * <p><b>Exact, nearest rank.</b> Computed by the database over every stored duration with
 * {@code PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY ms)} (SQL standard, H2 and PostgreSQL alike): the smallest stored
 * duration such that at least {@code p} of all durations are less than or equal to it — the value at position
 * {@code ceil(p × n)} of the sorted list. Always a duration that really occurred, never an interpolation or a
 * sketch estimate.
 */
public record Percentiles(BigDecimal p50Seconds, BigDecimal p90Seconds, long samples) {

    public static final Percentiles NONE = new Percentiles(null, null, 0);

    /** The SQL select list for the durations in column {@code column}: {@code p50, p90, samples} with that prefix. */
    static String select(String column, String prefix) {
        return "PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY " + column + ") AS " + prefix + "_p50, "
                + "PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY " + column + ") AS " + prefix + "_p90, "
                + "COUNT(" + column + ") AS " + prefix + "_samples";
    }

    static Percentiles read(ResultSet rs, String prefix) throws SQLException {
        long samples = rs.getLong(prefix + "_samples");
        if (samples == 0) {
            return NONE;
        }
        return new Percentiles(seconds(rs.getLong(prefix + "_p50")), seconds(rs.getLong(prefix + "_p90")), samples);
    }

    /** Milliseconds as seconds with three places: {@code 1500} → {@code 1.500}. */
    static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    /**
     * The stored duration between two event times: both truncated to milliseconds first (the precision of every
     * timestamp the API shows), so it equals what a client computes from the timestamps it reads.
     */
    static long millisBetween(Instant start, Instant end) {
        return Duration.between(start.truncatedTo(ChronoUnit.MILLIS), end.truncatedTo(ChronoUnit.MILLIS)).toMillis();
    }
}

package com.m2m.query.analytics;

import org.springframework.jdbc.core.JdbcTemplate;
import com.m2m.query.common.SqlWhere;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The median and 90th percentile of a set of durations, in seconds with millisecond precision ({@code 12.345}),
 * and how many durations there were ({@code samples}). Both are {@code null} when there are none.
 *
 * <p><b>Exact, nearest rank.</b> The p-th percentile of n stored durations is the one at position
 * {@code ceil(p × n)} of their ascending order: the smallest duration such that at least p of all durations are
 * less than or equal to it. Always a duration that really occurred, never an interpolation or a sketch estimate.
 * The database ranks the rows ({@code ROW_NUMBER} and {@code COUNT} over the group) and returns only the two rows
 * at those positions. (Not {@code PERCENTILE_DISC}: H2 and PostgreSQL pick different rows for it, e.g. the p90 of six
 * values.)
 */
public record Percentiles(BigDecimal p50Seconds, BigDecimal p90Seconds, long samples) {

    public static final Percentiles NONE = new Percentiles(null, null, 0);

    /** The rank of the p-th percentile (p = {@code tenths} / 10) among {@code n}: {@code ceil(p × n)}, in integers. */
    static long rank(long n, int tenths) {
        return (tenths * n + 9) / 10;
    }

    /**
     * The percentiles of the non-null values of {@code column} in {@code table}, per value of {@code groupColumn}
     * (read as a string), or over all rows under the key {@code ""} when {@code groupColumn} is null. Groups without
     * values are absent from the map.
     */
    static Map<String, Percentiles> of(JdbcTemplate jdbc, String table, String groupColumn, String column,
                                       SqlWhere where) {
        String partition = groupColumn == null ? "" : "PARTITION BY " + groupColumn + " ";
        String group = groupColumn == null ? "''" : groupColumn;
        String sql = "SELECT grp, v, rn, n FROM (SELECT " + group + " AS grp, " + column + " AS v,"
                + " ROW_NUMBER() OVER (" + partition + "ORDER BY " + column + ") AS rn,"
                + " COUNT(*) OVER (" + partition.trim() + ") AS n"
                + " FROM " + table + where.sql() + " AND " + column + " IS NOT NULL) ranked"
                + " WHERE rn = (5 * n + 9) / 10 OR rn = (9 * n + 9) / 10";
        Map<String, long[]> found = new HashMap<>();   // group → {p50 ms, p90 ms, n}
        jdbc.query(sql, rs -> {
            String key = rs.getString("grp");
            long n = rs.getLong("n");
            long rn = rs.getLong("rn");
            long value = rs.getLong("v");
            long[] entry = found.computeIfAbsent(key, k -> new long[]{0, 0, n});
            if (rn == rank(n, 5)) {
                entry[0] = value;
            }
            if (rn == rank(n, 9)) {
                entry[1] = value;
            }
        }, where.argsAfter());
        Map<String, Percentiles> result = new HashMap<>();
        found.forEach((key, entry) -> result.put(key, new Percentiles(seconds(entry[0]), seconds(entry[1]), entry[2])));
        return result;
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

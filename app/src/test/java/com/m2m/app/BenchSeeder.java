package com.m2m.app;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Benchmark support: fills the read model of one tenant with links by bulk SQL, because a million links over HTTP
 * would take hours on two cores. Rows go into the tables Flyway created, through the columns it created: every
 * column of {@code link_view} is copied from a template row the platform wrote itself (a link created over HTTP),
 * except those that make a link distinct or that the list filters on, which vary with the row number {@code x}:
 *
 * <ul>
 *   <li>{@code created_at} = base − x seconds (newest first is x ascending);</li>
 *   <li>{@code status} by x mod 10: 0–3 created, 4 opened, 5 in_progress, 6–7 completed, 8 expired, 9 revoked,
 *       except that the short-lived ones (below) of the first three kinds are stored expired, as their deadline
 *       would have recorded;</li>
 *   <li>{@code expires_at} = created_at + 1 minute for x mod 3 = 0, else + 30 days (so {@code visibility=expired}
 *       and {@code active} both match a share of the rows at any size).</li>
 * </ul>
 *
 * No {@code link_activity} rows are seeded (a link's first timeline entry is read from its row).
 * {@code GET /partner/links} reads {@code link_view} and, for {@code pagination.total}, the maintained
 * {@code link_count} (V100_8): after seeding, {@link #afterSeed} recounts the tenant's rows per status into it, so
 * the total stays exact, then ANALYZEs both. The other maintained counts ({@code operation_count},
 * {@code data_request_count}, V100_9/10) need nothing: seeded links have no operations and no data requests. A
 * migration that adds another table the list reads needs its rows in {@link #afterSeed} too.
 */
final class BenchSeeder {

    /** Rows per statement: each is its own transaction, small enough for H2 to hold comfortably. */
    private static final int CHUNK = 50_000;
    private static final Set<String> VARIED = Set.of("link_id", "reference_id", "user_id", "status", "created_at",
            "expires_at", "opened_at", "completed_at", "revoked_at", "expired_at", "operation_id", "revoke_reason");

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final OffsetDateTime base = Instant.now().atOffset(ZoneOffset.UTC);

    BenchSeeder(JdbcTemplate jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    Instant base() {
        return base.toInstant();
    }

    /** The reference id of seeded row {@code x}. */
    static String referenceId(long x) {
        return "seed-" + x;
    }

    /** Adds rows {@code from}..{@code to} (inclusive) to the template link's tenant. */
    void seedLinks(String templateLinkId, long from, long to) {
        List<String> copied = jdbc.queryForList("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'link_view'" + (postgres ? " AND table_schema = current_schema()" : "")
                        + " ORDER BY ordinal_position", String.class).stream()
                .map(c -> c.toLowerCase(java.util.Locale.ROOT)).filter(c -> !VARIED.contains(c)).toList();
        String x = "g.x";
        String createdAt = postgres ? "(CAST(? AS TIMESTAMPTZ) - " + x + " * INTERVAL '1 second')"
                : "DATEADD(SECOND, -" + x + ", CAST(? AS TIMESTAMP WITH TIME ZONE))";
        String plus = postgres ? "(" + createdAt + " + CASE WHEN MOD(" + x + ", 3) = 0 THEN INTERVAL '1 minute'"
                + " ELSE INTERVAL '30 days' END)"
                : "DATEADD(MINUTE, CASE WHEN MOD(" + x + ", 3) = 0 THEN 1 ELSE 43200 END, " + createdAt + ")";
        String id = "CAST(" + x + " AS VARCHAR(20))";
        // A link that would still be created/opened/in progress but whose one-minute expiry has passed is stored as
        // expired, as its expiry deadline would have recorded it in the platform (only links in the seconds between
        // expires_at and the deadline firing are due but unrecorded, and the flat reads count those few by index).
        String status = "CASE WHEN MOD(" + x + ", 3) = 0 AND MOD(" + x + ", 10) < 6 THEN 'expired'"
                + " ELSE CASE MOD(" + x + ", 10) WHEN 4 THEN 'opened' WHEN 5 THEN 'in_progress' WHEN 6 THEN 'completed'"
                + " WHEN 7 THEN 'completed' WHEN 8 THEN 'expired' WHEN 9 THEN 'revoked' ELSE 'created' END END";
        String series = postgres ? "generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g(x)"
                : "(SELECT \"X\" AS x FROM SYSTEM_RANGE(?, ?)) g";
        String sql = "INSERT INTO link_view (link_id, reference_id, user_id, status, created_at, expires_at,"
                + " " + String.join(", ", copied) + ") SELECT t.link_id || '_s' || " + id
                + ", 'seed-' || " + id + ", t.user_id || '_s' || " + id + ", " + status + ", " + createdAt + ", "
                + plus + ", "
                + copied.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
                + " FROM link_view t CROSS JOIN " + series + " WHERE t.link_id = ?";
        for (long start = from; start <= to; start += CHUNK) {
            long end = Math.min(to, start + CHUNK - 1);
            jdbc.update(sql, base, base, start, end, templateLinkId);
        }
        afterSeed(templateLinkId);
    }

    /**
     * Brings the tables derived from link_view in line with it: the tenant's {@code link_count} rows, recounted
     * from its rows (one scan, once per seeding; the platform itself only ever adds and moves counts).
     */
    private void afterSeed(String templateLinkId) {
        Map<String, Object> tenant = jdbc.queryForMap("SELECT partner_id, environment FROM link_view WHERE link_id = ?",
                templateLinkId);
        Object partner = tenant.get("partner_id");
        Object environment = tenant.get("environment");
        jdbc.update("DELETE FROM link_count WHERE partner_id = ? AND environment = ?", partner, environment);
        jdbc.update("INSERT INTO link_count (partner_id, environment, status, n) SELECT partner_id, environment,"
                + " status, COUNT(*) FROM link_view WHERE partner_id = ? AND environment = ?"
                + " GROUP BY partner_id, environment, status", partner, environment);
        for (String table : List.of("link_view", "link_count")) {
            jdbc.execute(postgres ? "ANALYZE " + table : "ANALYZE TABLE " + table);
        }
    }
}

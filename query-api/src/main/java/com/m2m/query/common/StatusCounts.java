package com.m2m.query.common;

import com.m2m.domain.common.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.Map;

/**
 * The maintained totals of a list endpoint: a table ({@code link_count}, {@code operation_count}, ...) with one row
 * per tenant and stored status, kept by the projection in the transaction that changes the listed row, so
 * {@code pagination.total} never counts the tenant's rows (docs/performance.md, "Flat reads"). Columns:
 * {@code partner_id, environment, status, n}.
 *
 * <p>Writes are an {@code UPDATE} first (the row exists for every status a tenant has ever had), an
 * {@code INSERT ... ON CONFLICT DO NOTHING} only for a tenant's first link in a status, and the update again if a
 * concurrent first insert won. H2 has no {@code ON CONFLICT DO UPDATE}, so the upsert is spelled this way on both
 * databases.
 *
 * @param table a constant of the calling projection, never input
 */
public record StatusCounts(JdbcClient jdbc, String table) {

    /** Adds {@code delta} to the tenant's count of links stored in {@code status}. */
    public void add(String partnerId, Environment environment, String status, long delta) {
        if (increment(partnerId, environment, status, delta) == 1) {
            return;
        }
        int inserted = jdbc.sql("INSERT INTO " + table + " (partner_id, environment, status, n) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(partnerId, environment.wireName(), status, delta)
                .update();
        if (inserted == 0) {
            increment(partnerId, environment, status, delta);
        }
    }

    /** One link of the tenant moved from stored status {@code from} to {@code to}: one statement when both rows exist. */
    public void move(String partnerId, Environment environment, String from, String to) {
        int updated = jdbc.sql("UPDATE " + table + " SET n = n + CASE WHEN status = ? THEN 1 ELSE -1 END"
                        + " WHERE partner_id = ? AND environment = ? AND status IN (?, ?)")
                .params(to, partnerId, environment.wireName(), from, to)
                .update();
        if (updated == 2) {
            return;
        }
        // The link was counted in "from", so that row exists: the missing one is the tenant's first "to".
        if (updated == 0) {
            add(partnerId, environment, from, -1);
        }
        add(partnerId, environment, to, 1);
    }

    /** The tenant's total over every status. */
    public long total(String partnerId, Environment environment) {
        return byStatus(partnerId, environment).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The tenant's counts by stored status (absent: none). */
    public Map<String, Long> byStatus(String partnerId, Environment environment) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT status, n FROM " + table + " WHERE partner_id = ? AND environment = ?")
                .params(partnerId, environment.wireName())
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    public void reset() {
        jdbc.sql("DELETE FROM " + table).update();
    }

    private int increment(String partnerId, Environment environment, String status, long delta) {
        return jdbc.sql("UPDATE " + table + " SET n = n + ? WHERE partner_id = ? AND environment = ? AND status = ?")
                .params(delta, partnerId, environment.wireName(), status)
                .update();
    }
}

package com.m2m.query.common;

import com.m2m.domain.common.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        Optional<PendingCounts> pending = pending();
        if (pending.isPresent()) {
            pending.get().add(new Key(partnerId, environment, status), delta);
        } else {
            write(partnerId, environment, status, delta);
        }
    }

    /** One link of the tenant moved from stored status {@code from} to {@code to}. */
    public void move(String partnerId, Environment environment, String from, String to) {
        Optional<PendingCounts> pending = pending();
        if (pending.isPresent()) {
            pending.get().add(new Key(partnerId, environment, from), -1);
            pending.get().add(new Key(partnerId, environment, to), 1);
        } else {
            writeMove(partnerId, environment, from, to, 1);
        }
    }

    /**
     * The changes of the current transaction, written just before its commit; empty without a transaction
     * (auto-commit: written at once). A count's row is then locked only while the transaction commits, not from the
     * projection's statement on: the subscribing projections run in the command's transaction, and when the
     * {@code link_count} update came first, every other create link of the tenant waited on that row for the rest
     * of the transaction (event store append, the other projections): 153 s of waits by the request threads while
     * the webhook benchmark's saturation phase created 1,000 links (docs/performance.md, "Webhooks").
     */
    private Optional<PendingCounts> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        PendingCounts pending = (PendingCounts) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new PendingCounts();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return Optional.of(pending);
    }

    /** One count's row. */
    private record Key(String partnerId, Environment environment, String status) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::partnerId)
                .thenComparing(Key::environment).thenComparing(Key::status);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }

    }

    /**
     * A transaction's changes by row, summed. Written in key order, so two transactions changing the same rows lock
     * them in the same order; a tenant's move between two statuses is still the one statement of {@link #writeMove}.
     */
    private final class PendingCounts implements TransactionSynchronization {

        private final TreeMap<Key, Long> deltas = new TreeMap<>();

        void add(Key key, long delta) {
            deltas.merge(key, delta, Long::sum);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            Map<Key, Map<Key, Long>> byTenant = new LinkedHashMap<>();
            deltas.forEach((key, delta) -> {
                if (delta != 0) {
                    byTenant.computeIfAbsent(new Key(key.partnerId(), key.environment(), ""),
                            tenant -> new LinkedHashMap<>()).put(key, delta);
                }
            });
            byTenant.values().forEach(StatusCounts.this::writeTenant);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(StatusCounts.this);
        }
    }

    /** One tenant's changes: a move between two statuses as one statement, anything else row by row. */
    private void writeTenant(Map<Key, Long> changes) {
        List<Map.Entry<Key, Long>> rows = List.copyOf(changes.entrySet());
        if (rows.size() == 2 && rows.get(0).getValue() == -rows.get(1).getValue()) {
            Map.Entry<Key, Long> from = rows.get(0).getValue() < 0 ? rows.get(0) : rows.get(1);
            Map.Entry<Key, Long> to = from == rows.get(0) ? rows.get(1) : rows.get(0);
            writeMove(from.getKey().partnerId(), from.getKey().environment(), from.getKey().status(),
                    to.getKey().status(), to.getValue());
            return;
        }
        rows.forEach(row -> write(row.getKey().partnerId(), row.getKey().environment(), row.getKey().status(),
                row.getValue()));
    }

    private void write(String partnerId, Environment environment, String status, long delta) {
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

    /** {@code links} of the tenant moved from {@code from} to {@code to}: one statement when both rows exist. */
    private void writeMove(String partnerId, Environment environment, String from, String to, long links) {
        int updated = jdbc.sql("UPDATE " + table + " SET n = n + CASE WHEN status = ? THEN ? ELSE ? END"
                        + " WHERE partner_id = ? AND environment = ? AND status IN (?, ?)")
                .params(to, links, -links, partnerId, environment.wireName(), from, to)
                .update();
        if (updated == 2) {
            return;
        }
        // The links were counted in "from", so that row exists: the missing one is the tenant's first "to".
        if (updated == 0) {
            write(partnerId, environment, from, -links);
        }
        write(partnerId, environment, to, links);
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

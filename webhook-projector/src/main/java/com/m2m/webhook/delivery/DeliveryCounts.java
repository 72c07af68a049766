package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The maintained totals of the delivery log, table {@code webhook_delivery_count}: one row per tenant, status and
 * event type, changed by {@link DeliveryStore} in the transaction of the statement that changed the delivery's row,
 * and only when that statement changed one, so the totals stay exact under re-delivery and races
 * (docs/performance.md, "Flat reads").
 *
 * <p>A change is one {@code UPDATE} once the tenant's rows exist; the {@code INSERT ... ON CONFLICT DO NOTHING} (and
 * the update again, if a concurrent first insert won) happens only the first time a tenant has a delivery of a type
 * in a status. H2 has no {@code ON CONFLICT DO UPDATE}, so the upsert is spelled this way on both databases.
 */
final class DeliveryCounts {

    private final JdbcTemplate jdbc;

    DeliveryCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds {@code delta} to the tenant's deliveries of {@code eventType} in {@code status}. */
    void add(String partnerId, Environment environment, String status, String eventType, long delta) {
        if (increment(partnerId, environment, status, eventType, delta) == 1) {
            return;
        }
        int inserted = jdbc.update("INSERT INTO webhook_delivery_count (partner_id, environment, status, event_type, n)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", partnerId, environment.wireName(), status,
                eventType, delta);
        if (inserted == 0) {
            increment(partnerId, environment, status, eventType, delta);
        }
    }

    /** One delivery moved from {@code from} to {@code to}: one statement when both rows exist. */
    void move(String partnerId, Environment environment, String eventType, String from, String to) {
        move(partnerId, environment, eventType, from, to, 1);
    }

    /** {@code deliveries} moved from {@code from} to {@code to}: one statement when both rows exist. */
    void move(String partnerId, Environment environment, String eventType, String from, String to, long deliveries) {
        if (from.equals(to)) {
            return;
        }
        int updated = jdbc.update("UPDATE webhook_delivery_count SET n = n + CASE WHEN status = ? THEN ? ELSE ? END"
                        + " WHERE partner_id = ? AND environment = ? AND event_type = ? AND status IN (?, ?)",
                to, deliveries, -deliveries, partnerId, environment.wireName(), eventType, from, to);
        if (updated == 2) {
            return;
        }
        // The deliveries were counted in "from", so that row exists: the missing one is the tenant's first "to".
        if (updated == 0) {
            add(partnerId, environment, from, eventType, -deliveries);
        }
        add(partnerId, environment, to, eventType, deliveries);
    }

    /**
     * Deliveries of {@code eventType} moved from {@code pending} to the statuses of {@code arrivals} (how many to
     * each), in one statement that locks the rows in key order. One arrival status is {@link #move}. When a row is
     * missing (the tenant's first delivery of the type in one of those statuses), the statement has changed only
     * some rows: it fails, so that its transaction rolls back and the results are recorded one by one instead.
     */
    void moveFromPending(String partnerId, Environment environment, String eventType, Map<String, Long> arrivals) {
        String pending = DeliveryStatus.PENDING.wireName();
        if (arrivals.size() == 1) {
            Map.Entry<String, Long> only = arrivals.entrySet().iterator().next();
            move(partnerId, environment, eventType, pending, only.getKey(), only.getValue());
            return;
        }
        long total = arrivals.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder cases = new StringBuilder("CASE status WHEN ? THEN ?");
        List<Object> args = new ArrayList<>(List.of(pending, -total));
        arrivals.forEach((status, n) -> {
            cases.append(" WHEN ? THEN ?");
            args.add(status);
            args.add(n);
        });
        args.addAll(List.of(partnerId, environment.wireName(), eventType, pending));
        args.addAll(arrivals.keySet());
        int updated = jdbc.update("UPDATE webhook_delivery_count SET n = n + " + cases + " ELSE 0 END"
                + " WHERE partner_id = ? AND environment = ? AND event_type = ? AND status IN (?"
                + ", ?".repeat(arrivals.size()) + ")", args.toArray());
        if (updated != arrivals.size() + 1) {
            throw new IllegalStateException("A total's row is missing: recording the results one by one");
        }
    }

    /**
     * The tenant's deliveries, of {@code status} and {@code eventType} when given (null: any): a sum over at most
     * (statuses x event types) rows read by the primary key.
     */
    long total(Tenant tenant, String status, String eventType) {
        StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(n), 0) FROM webhook_delivery_count"
                + " WHERE partner_id = ? AND environment = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.partnerId(), tenant.environment().wireName()));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (eventType != null) {
            sql.append(" AND event_type = ?");
            args.add(eventType);
        }
        Long total = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return total == null ? 0 : total;
    }

    private int increment(String partnerId, Environment environment, String status, String eventType, long delta) {
        return jdbc.update("UPDATE webhook_delivery_count SET n = n + ? WHERE partner_id = ? AND environment = ?"
                + " AND status = ? AND event_type = ?", delta, partnerId, environment.wireName(), status, eventType);
    }
}

package com.m2m.webhook.delivery;

import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import com.m2m.webhook.endpoint.WebhookEndpoint;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.m2m.webhook.common.Db.instant;
import static com.m2m.webhook.common.Db.integer;
import static com.m2m.webhook.common.Db.ts;

/**
 * The partner's view of its deliveries, and replays. Every statement is scoped by partner and environment: a
 * delivery of another tenant answers exactly like one that does not exist.
 */
@Component
public class DeliveryQueries {

    private static final String COLUMNS = "delivery_id, webhook_id, event_type, status, created_at, delivered_at,"
            + " next_attempt_at, callback_url, link_id, reference_id, body";

    private final JdbcTemplate jdbc;
    private final DeliveryCounts counts;
    private final DeliveryStore store;
    private final WebhookEndpointProjection endpoints;
    private final Clock clock;

    public DeliveryQueries(JdbcTemplate jdbc, DeliveryStore store, WebhookEndpointProjection endpoints, Clock clock) {
        this.jdbc = jdbc;
        this.counts = new DeliveryCounts(jdbc);
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** Newest first; every filter of {@code query} at once. */
    public Page<DeliveryView> list(Tenant tenant, DeliveryListQuery query) {
        StringBuilder where = new StringBuilder(" WHERE partner_id = ? AND environment = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.partnerId(), tenant.environment().wireName()));
        and(where, args, "status = ?", query.status());
        and(where, args, "event_type = ?", query.event());
        and(where, args, "link_id = ?", query.linkId());
        and(where, args, "reference_id = ?", query.referenceId());
        and(where, args, "created_at >= ?", ts(query.from()));
        if (query.to() != null) {
            and(where, args, query.to().upperBoundSql("created_at"), ts(query.to().at()));
        }
        long total = total(tenant, query, where.toString(), args);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.page().limit());
        pageArgs.add(query.page().offset());
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery" + where
                + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?", (rs, n) -> row(rs), pageArgs.toArray());
        return Page.of(views(tenant, rows), query.page(), total);
    }

    /** One filter of the list: {@code " AND " + condition} and its argument, only when the filter is set. */
    private static void and(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
    }

    /**
     * {@code pagination.total} without counting the tenant's deliveries (docs/performance.md, "Flat reads"): no
     * filter, {@code status}, {@code event} or both are the maintained totals ({@link DeliveryCounts}); any other
     * filter narrows by its own index and is counted there: {@code linkId} (a link's few deliveries),
     * {@code referenceId} (one user's), a {@code from}/{@code to} window (an index range over the window only, flat
     * while the window is a small part of the tenant's history).
     */
    private long total(Tenant tenant, DeliveryListQuery query, String where, List<Object> args) {
        if (query.linkId() == null && query.referenceId() == null && query.from() == null && query.to() == null) {
            return counts.total(tenant, query.status(), query.event());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery" + where, Long.class, args.toArray());
        return total == null ? 0 : total;
    }

    /** @throws ResourceNotFoundException when the delivery does not exist or belongs to another tenant */
    public DeliveryView get(Tenant tenant, String deliveryId) {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery"
                        + " WHERE delivery_id = ? AND partner_id = ? AND environment = ?", (rs, n) -> row(rs),
                deliveryId, tenant.partnerId(), tenant.environment().wireName());
        if (rows.isEmpty()) {
            throw notFound();
        }
        return views(tenant, rows).get(0);
    }

    /**
     * Sends the delivery again, now, with a fresh retry budget: same id, same body, attempt numbers keep counting.
     * Allowed in any state (a partner may have lost a delivered webhook), except while an attempt is being made:
     * that attempt's result would otherwise overwrite the replay ({@link DeliveryStore#replay}: the row is locked,
     * so a claim cannot slip in between; a replay of a delivery whose lease has expired also drops that lease, so a
     * straggling attempt can no longer record over it).
     *
     * @throws ResourceNotFoundException when the delivery does not exist or belongs to another tenant
     * @throws InvalidStateException     when an attempt of the delivery is in flight (its lease is live)
     */
    public DeliveryView replay(Tenant tenant, String deliveryId) {
        DeliveryStore.Replay replay = store.replay(tenant.partnerId(), tenant.environment(), deliveryId,
                clock.instant());
        if (replay == DeliveryStore.Replay.NOT_FOUND) {
            throw notFound();
        }
        if (replay == DeliveryStore.Replay.IN_FLIGHT) {
            throw new InvalidStateException("The delivery is being attempted right now; replay it after this attempt");
        }
        return get(tenant, deliveryId);
    }

    private List<DeliveryView> views(Tenant tenant, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<DeliveryView.Attempt>> attempts = attempts(rows);
        String configuredUrl = endpoints.find(tenant.partnerId(), tenant.environment())
                .map(WebhookEndpoint::url).orElse(null);
        return rows.stream().map(row -> new DeliveryView(row.deliveryId, row.webhookId, row.event, row.status,
                row.linkId, row.referenceId, row.createdAt, row.deliveredAt,
                attempts.getOrDefault(row.deliveryId, List.of()),
                DeliveryStatus.PENDING.wireName().equals(row.status) ? row.nextAttemptAt : null,
                row.callbackUrl != null ? row.callbackUrl : configuredUrl, row.body)).toList();
    }

    private Map<String, List<DeliveryView.Attempt>> attempts(List<Row> rows) {
        String placeholders = String.join(", ", Collections.nCopies(rows.size(), "?"));
        Map<String, List<DeliveryView.Attempt>> byDelivery = new HashMap<>();
        jdbc.query("SELECT delivery_id, attempt, at, http_status, error, duration_ms FROM webhook_delivery_attempt"
                        + " WHERE delivery_id IN (" + placeholders + ") ORDER BY delivery_id, attempt",
                rs -> {
                    byDelivery.computeIfAbsent(rs.getString("delivery_id"), id -> new ArrayList<>())
                            .add(new DeliveryView.Attempt(rs.getInt("attempt"), instant(rs, "at"),
                                    integer(rs, "http_status"), rs.getString("error"), rs.getLong("duration_ms")));
                },
                rows.stream().map(row -> row.deliveryId).toArray());
        return byDelivery;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("delivery_id"), rs.getString("webhook_id"), rs.getString("event_type"),
                rs.getString("status"), instant(rs, "created_at"), instant(rs, "delivered_at"),
                instant(rs, "next_attempt_at"), rs.getString("callback_url"), rs.getString("link_id"),
                rs.getString("reference_id"), rs.getString("body"));
    }

    private static ResourceNotFoundException notFound() {
        return new ResourceNotFoundException("Webhook delivery not found");
    }

    private record Row(String deliveryId, String webhookId, String event, String status, Instant createdAt,
                       Instant deliveredAt, Instant nextAttemptAt, String callbackUrl, String linkId,
                       String referenceId, String body) {
    }
}

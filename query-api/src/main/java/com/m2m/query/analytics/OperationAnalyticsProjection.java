package com.m2m.query.analytics;

import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.query.common.SqlWhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static com.m2m.query.common.Db.ts;

/**
 * Operation volumes for analysts (table {@code analytics_operation}, processing group {@value #PROCESSING_GROUP}):
 * one row per operation with its corridor, current status and exact amounts. Never reads the payout account.
 *
 * <p>Handlers are safe to run twice for one event: a row is inserted once and each status change applies only from
 * the statuses it may follow, as in the partner's operation view.
 */
@Component
@ProcessingGroup(OperationAnalyticsProjection.PROCESSING_GROUP)
public record OperationAnalyticsProjection(JdbcTemplate jdbc) {

    public static final String PROCESSING_GROUP = "analytics-operations";

    private static final String CREATED = OperationStatus.CREATED.wireName();
    private static final String PROCESSING = OperationStatus.PROCESSING.wireName();

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(OperationCreatedEvent event) {
        OperationAmount amount = event.amount();
        jdbc.update("INSERT INTO analytics_operation (operation_id, partner_id, environment, status,"
                        + " source_currency, destination_currency, send_amount, receive_amount, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.operationId(), event.partnerId(), event.environment().wireName(), CREATED,
                amount.sourceCurrency(), amount.destinationCurrency(), amount.send(), amount.receive(),
                ts(event.createdAt()));
    }

    @EventHandler
    public void on(OperationProcessingEvent event) {
        status(event.operationId(), PROCESSING, CREATED);
    }

    @EventHandler
    public void on(OperationCompletedEvent event) {
        status(event.operationId(), OperationStatus.COMPLETED.wireName(), CREATED, PROCESSING);
    }

    @EventHandler
    public void on(OperationFailedEvent event) {
        status(event.operationId(), OperationStatus.FAILED.wireName(), CREATED, PROCESSING);
    }

    @EventHandler
    public void on(OperationCancelledEvent event) {
        status(event.operationId(), OperationStatus.CANCELLED.wireName(), CREATED);
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM analytics_operation");
    }

    private void status(String operationId, String next, String... from) {
        String placeholders = String.join(", ", Collections.nCopies(from.length, "?"));
        Object[] args = new Object[from.length + 2];
        args[0] = next;
        args[1] = operationId;
        System.arraycopy(from, 0, args, 2, from.length);
        jdbc.update("UPDATE analytics_operation SET status = ? WHERE operation_id = ? AND status IN ("
                + placeholders + ")", args);
    }

    // ---------------------------------------------------------------- queries

    /** {@code GET /analytics/operations}: by corridor, then status in lifecycle order; {@code from}/{@code to} on creation. */
    public OperationVolumes volumes(AnalyticsFilter filter) {
        SqlWhere where = filter.where();
        List<OperationVolumes.Item> items = jdbc.query("SELECT source_currency, destination_currency, status,"
                        + " COUNT(*) AS operations, SUM(send_amount) AS send_volume,"
                        + " SUM(receive_amount) AS receive_volume FROM analytics_operation" + where.sql()
                        + " GROUP BY source_currency, destination_currency, status",
                (rs, row) -> new OperationVolumes.Item(
                        rs.getString("source_currency") + "-" + rs.getString("destination_currency"),
                        rs.getString("status"), rs.getLong("operations"), decimal(rs.getBigDecimal("send_volume")),
                        decimal(rs.getBigDecimal("receive_volume"))),
                where.argsAfter());
        return new OperationVolumes(items.stream()
                .sorted(Comparator.comparing(OperationVolumes.Item::corridor)
                        .thenComparing(item -> statusOrder(item.status())))
                .toList());
    }

    private static int statusOrder(String status) {
        for (OperationStatus candidate : OperationStatus.values()) {
            if (candidate.wireName().equals(status)) {
                return candidate.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * A summed amount as a plain decimal string with at least two places ({@code "1725.00"}, {@code "0.5"} →
     * {@code "0.50"}): the column's padding ({@code 1725.0000}) dropped, the value unchanged.
     */
    static String decimal(BigDecimal sum) {
        BigDecimal stripped = sum.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }
}

package com.m2m.query.operation;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Page;
import com.m2m.query.common.StatusCounts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import com.m2m.domain.user.UserForgottenEvent;
import com.m2m.query.common.Erased;
import com.m2m.query.common.SqlWhere;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Read model of operations (table {@code operation_view}), derived from the Operation aggregate's events. Serves
 * {@code GET /partner/operations} (list and detail) and the widget state (the latest operation of a link).
 *
 * <p><b>No personal data.</b> {@link OperationCreatedEvent#payoutAccount()} (the full account, which only the
 * payout needs) is never read here; the payout is kept as method, country and last four characters.
 *
 * <p><b>Exact amounts.</b> Amounts are {@code NUMERIC} columns read with {@code getBigDecimal}, never through a
 * {@code double}; they are answered with the scale the operation was made with (at least two places: {@code 100.00},
 * {@code 17.25}), whatever scale the column pads them to.
 *
 * <p>Handlers are safe to run twice for one event: a row is inserted only once, and each status change applies only
 * from the statuses it may follow ({@code created} → {@code processing} → {@code completed} | {@code failed};
 * {@code created} → {@code cancelled}), so a late or repeated event never moves an operation backwards.
 */
@Component
@ProcessingGroup(OperationViewProjection.PROCESSING_GROUP)
public class OperationViewProjection {

    public static final String PROCESSING_GROUP = "operation-view";

    private static final String CREATED = OperationStatus.CREATED.wireName();
    private static final String PROCESSING = OperationStatus.PROCESSING.wireName();

    private static final String COLUMNS = "o.operation_id, o.user_id, o.reference_id, o.link_id, o.status,"
            + " o.send_amount, o.receive_amount, o.rate, o.fee, o.source_currency, o.destination_currency,"
            + " o.payout_method, o.payout_country, o.payout_account_last4, o.payout_account_erased, o.created_at, o.completed_at,"
            + " o.failed_at, o.failure_reason";

    private static final RowMapper<OperationView> MAPPER = (rs, row) -> toView(rs);

    private final JdbcTemplate jdbc;
    private final StatusCounts counts;

    public OperationViewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.counts = new StatusCounts(JdbcClient.create(jdbc), "operation_count");
    }

    // ---------------------------------------------------------------- events

    /** Inserted once ({@code ON CONFLICT DO NOTHING}); counted only when this call inserted it. */
    @EventHandler
    public void on(OperationCreatedEvent event) {
        OperationAmount amount = event.amount();
        PayoutSummary payout = event.payout();
        int inserted = jdbc.update("INSERT INTO operation_view (operation_id, partner_id, environment, user_id, reference_id,"
                        + " link_id, status, send_amount, receive_amount, rate, fee, source_currency,"
                        + " destination_currency, payout_method, payout_country, payout_account_last4, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.operationId(), event.partnerId(), event.environment().wireName(), event.userId(),
                event.referenceId(), event.linkId(), CREATED, amount.send(), amount.receive(), amount.rate(),
                amount.fee(), amount.sourceCurrency(), amount.destinationCurrency(),
                payout == null ? null : payout.method(), payout == null ? null : payout.country(),
                payout == null ? null : payout.accountLast4(), ts(event.createdAt()));
        if (inserted == 1) {
            counts.add(event.partnerId(), event.environment(), CREATED, 1);
        }
    }

    @EventHandler
    public void on(OperationProcessingEvent event) {
        transition(event.partnerId(), event.environment(), event.operationId(), PROCESSING,
                "processing_at = ?", List.of(CREATED), ts(event.at()));
    }

    @EventHandler
    public void on(OperationCompletedEvent event) {
        transition(event.partnerId(), event.environment(), event.operationId(), OperationStatus.COMPLETED.wireName(),
                "completed_at = ?", List.of(PROCESSING, CREATED), ts(event.completedAt()));
    }

    @EventHandler
    public void on(OperationFailedEvent event) {
        transition(event.partnerId(), event.environment(), event.operationId(), OperationStatus.FAILED.wireName(),
                "failed_at = ?, failure_reason = ?", List.of(PROCESSING, CREATED), ts(event.failedAt()),
                event.reason());
    }

    @EventHandler
    public void on(OperationCancelledEvent event) {
        transition(event.partnerId(), event.environment(), event.operationId(), OperationStatus.CANCELLED.wireName(),
                "cancelled_at = ?, cancel_reason = ?", List.of(CREATED), ts(event.cancelledAt()), event.reason());
    }

    /**
     * One guarded {@code UPDATE} per status it may follow, the usual one first (so normally one statement), and
     * the count moved only by the update that changed the row: exact under re-delivery.
     */
    private void transition(String partnerId, Environment environment, String operationId, String to, String set,
                            List<String> fromStatuses, Object... values) {
        for (String from : fromStatuses) {
            List<Object> args = new ArrayList<>();
            args.add(to);
            args.addAll(Arrays.asList(values));
            args.add(operationId);
            args.add(from);
            int updated = jdbc.update("UPDATE operation_view SET status = ?, " + set
                    + " WHERE operation_id = ? AND status = ?", args.toArray());
            if (updated == 1) {
                counts.move(partnerId, environment, from, to);
                return;
            }
        }
    }

    /** The user was forgotten: the payout account's last four go too (method, country, amounts and states stay). */
    @EventHandler
    public void on(UserForgottenEvent event) {
        jdbc.update("UPDATE operation_view SET payout_account_last4 = NULL, payout_account_erased = TRUE"
                + " WHERE user_id = ?", event.userId());
    }

    @ResetHandler
    public void reset() {
        counts.reset();
        jdbc.update("DELETE FROM operation_view");
    }

    // ---------------------------------------------------------------- queries

    /** {@code GET /partner/operations}: the tenant's operations, newest first, filtered and paged. */
    public Page<OperationView> list(Tenant tenant, OperationListQuery query) {
        SqlWhere where = SqlWhere.where("o.partner_id = ? AND o.environment = ?", tenant.partnerId(),
                        tenant.environment().wireName())
                .between("o.created_at", query.from(), query.to())
                .equal("o.status", query.status())
                .equal("o.reference_id", query.referenceId())
                .equal("o.user_id", query.userId())
                .equal("o.link_id", query.linkId());
        // The total: the maintained count for the tenant (or one status); narrowed by user, reference or link it
        // counts that user's few rows by index, by from/to it counts the window's index range only.
        boolean narrowed = query.from() != null || query.to() != null || query.referenceId() != null
                || query.userId() != null || query.linkId() != null;
        Long total = !narrowed ? (query.status() == null ? counts.total(tenant.partnerId(), tenant.environment())
                : counts.byStatus(tenant.partnerId(), tenant.environment())
                .getOrDefault(query.status().wireName(), 0L))
                : jdbc.queryForObject("SELECT COUNT(*) FROM operation_view o" + where.sql(), Long.class,
                where.args());
        List<OperationView> items = jdbc.query("SELECT " + COLUMNS + " FROM operation_view o" + where.sql()
                        + " ORDER BY o.created_at DESC, o.operation_id DESC LIMIT ? OFFSET ?",
                MAPPER, where.argsThen(query.page().limit(), query.page().offset()));
        return Page.of(items, query.page(), total == null ? 0 : total);
    }

    /**
     * {@code GET /partner/operations/{operationId}}.
     *
     * @throws ResourceNotFoundException when the operation does not exist or belongs to another tenant
     */
    public OperationView get(Tenant tenant, String operationId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM operation_view o"
                                + " WHERE o.operation_id = ? AND o.partner_id = ? AND o.environment = ?",
                        MAPPER, operationId, tenant.partnerId(), tenant.environment().wireName())
                .stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Operation not found"));
    }

    /** The newest operation made from link {@code linkId}, if any (for the widget state). */
    public Optional<OperationView> latestOfLink(String linkId) {
        if (linkId == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM operation_view o WHERE o.link_id = ?"
                        + " ORDER BY o.created_at DESC, o.operation_id DESC LIMIT 1",
                MAPPER, linkId).stream().findFirst();
    }

    /**
     * A stored amount with the scale it was made with: the column pads to its own scale ({@code 100.0000}), so
     * trailing zeros are dropped down to two places ({@code 100.00}, {@code 17.25}, {@code 0.0583}). The value is
     * unchanged, only its representation.
     */
    static BigDecimal exact(BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale()));
    }

    private static OperationView toView(ResultSet rs) throws SQLException {
        String method = rs.getString("payout_method");
        String country = rs.getString("payout_country");
        Object last4 = rs.getBoolean("payout_account_erased") ? Erased.ERASED : rs.getString("payout_account_last4");
        OperationView.Payout payout = method == null && country == null && last4 == null
                ? null : new OperationView.Payout(method, country, last4);
        return new OperationView(rs.getString("operation_id"), rs.getString("user_id"),
                rs.getString("reference_id"), rs.getString("link_id"), rs.getString("status"),
                new OperationView.Amount(exact(rs.getBigDecimal("send_amount")),
                        exact(rs.getBigDecimal("receive_amount")), exact(rs.getBigDecimal("rate")),
                        exact(rs.getBigDecimal("fee")),
                        new OperationView.Currency(rs.getString("source_currency"),
                                rs.getString("destination_currency"))),
                payout, instant(rs, "created_at"), instant(rs, "completed_at"), instant(rs, "failed_at"),
                rs.getString("failure_reason"));
    }
}

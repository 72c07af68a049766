package com.m2m.query.analytics;

import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FieldSource;
import com.m2m.query.common.SqlWhere;
import com.m2m.query.datarequest.EndsWithLink;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Data requests for analysts (table {@code analytics_data_request}, processing group {@value #PROCESSING_GROUP}).
 *
 * <p><b>An answer</b> is the partner's reply to the request ({@code PUT /partner/data-requests/{id}}) that changed
 * it: a {@code DataRequestPartiallyFulfilled}, or a {@code DataRequestFulfilled} whose source is
 * {@code partner_webhook}. A request completed by the widget or by a later link was fulfilled but never answered.
 * {@code answer_ms} is the time from opening to the first answer.
 *
 * <p><b>Expiry</b> follows the partner's view: an open request whose {@code expires_at} has passed is expired, and a
 * revoked or early-expired link moves its open requests' {@code expires_at} to that moment ({@link EndsWithLink}).
 *
 * <p>Handlers are safe to run twice for one event; a fulfilled request is never changed again.
 */
@Component
@ProcessingGroup(DataRequestAnalyticsProjection.PROCESSING_GROUP)
public record DataRequestAnalyticsProjection(JdbcTemplate jdbc, Clock clock) implements EndsWithLink {

    public static final String PROCESSING_GROUP = "analytics-data-requests";

    private static final String PENDING = DataRequestStatus.PENDING.wireName();
    private static final String PARTIALLY_FULFILLED = DataRequestStatus.PARTIALLY_FULFILLED.wireName();
    private static final String FULFILLED = DataRequestStatus.FULFILLED.wireName();

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(DataRequestOpenedEvent event) {
        jdbc.update("INSERT INTO analytics_data_request (data_request_id, partner_id, environment, link_id,"
                        + " status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.dataRequestId(), event.partnerId(), event.environment().wireName(), event.linkId(),
                PENDING, ts(event.at()), ts(event.expiresAt()));
    }

    @EventHandler
    public void on(DataRequestPartiallyFulfilledEvent event) {
        jdbc.update("UPDATE analytics_data_request SET status = ? WHERE data_request_id = ? AND status <> ?",
                PARTIALLY_FULFILLED, event.dataRequestId(), FULFILLED);
        firstAnswer(event.dataRequestId(), event.at());
    }

    @EventHandler
    public void on(DataRequestFulfilledEvent event) {
        int closed = jdbc.update("UPDATE analytics_data_request SET status = ?, fulfilled_at = ?"
                        + " WHERE data_request_id = ? AND status <> ?",
                FULFILLED, ts(event.at()), event.dataRequestId(), FULFILLED);
        if (closed > 0 && event.source() == FieldSource.PARTNER_WEBHOOK) {
            firstAnswer(event.dataRequestId(), event.at());
        }
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM analytics_data_request");
    }

    private void firstAnswer(String dataRequestId, Instant at) {
        jdbc.query("SELECT created_at FROM analytics_data_request WHERE data_request_id = ? AND first_answer_at IS NULL",
                        (rs, row) -> instant(rs, "created_at"), dataRequestId).stream().findFirst()
                .ifPresent(opened -> jdbc.update("UPDATE analytics_data_request SET first_answer_at = ?, answer_ms = ?"
                                + " WHERE data_request_id = ? AND first_answer_at IS NULL",
                        ts(at), Percentiles.millisBetween(opened, at), dataRequestId));
    }

    @Override
    public void endOpenRequestsOf(String linkId, Instant at) {
        EndsWithLink.endOpenRequests(jdbc, "analytics_data_request", linkId, at);
    }

    // ---------------------------------------------------------------- queries

    /** {@code GET /analytics/data-requests}: {@code from}/{@code to} select requests by opening time. */
    public DataRequestReport report(AnalyticsFilter filter) {
        Object now = ts(clock.instant());
        SqlWhere where = filter.where();
        Percentiles answerTime = Percentiles.of(jdbc, "analytics_data_request", null, "answer_ms", where)
                .getOrDefault("", Percentiles.NONE);
        return jdbc.query("SELECT COUNT(*) AS opened,"
                        + " SUM(CASE WHEN status = '" + PENDING + "' AND expires_at > ? THEN 1 ELSE 0 END) AS pending,"
                        + " SUM(CASE WHEN status = '" + PARTIALLY_FULFILLED + "' AND expires_at > ? THEN 1 ELSE 0 END)"
                        + " AS partially,"
                        + " SUM(CASE WHEN status = '" + FULFILLED + "' THEN 1 ELSE 0 END) AS fulfilled,"
                        + " SUM(CASE WHEN status IN " + OPEN_STATUSES_SQL + " AND expires_at <= ? THEN 1 ELSE 0 END)"
                        + " AS expired,"
                        + " COUNT(first_answer_at) AS answered FROM analytics_data_request" + where.sql(),
                (rs, row) -> new DataRequestReport(rs.getLong("opened"), rs.getLong("pending"),
                        rs.getLong("partially"), rs.getLong("fulfilled"), rs.getLong("expired"),
                        rs.getLong("answered"), answerTime), where.argsAfter(now, now, now)).get(0);
    }
}

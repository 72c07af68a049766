package com.m2m.query.analytics;

import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.LinkStatus;
import com.m2m.query.link.LinkViewProjection;
import com.m2m.query.common.SqlWhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * The link funnel for analysts (table {@code analytics_link}, processing group {@value #PROCESSING_GROUP}): one row
 * per link with the first time it reached each status and its durations, so a day's funnel is one grouped query.
 *
 * <p>{@code open_ms} = opened − created, {@code complete_ms} = completed − created (the whole journey from the
 * partner's call to the user's confirmation), both from the events' times truncated to milliseconds.
 *
 * <p>Handlers are safe to run twice for one event: a row is inserted once, a "first time" is never overwritten,
 * and the status never moves backwards.
 */
@Component
@ProcessingGroup(FunnelAnalyticsProjection.PROCESSING_GROUP)
public record FunnelAnalyticsProjection(JdbcTemplate jdbc, Clock clock) {

    public static final String PROCESSING_GROUP = "analytics-funnel";

    private static final String TABLE = "analytics_link";

    private static final String CREATED = LinkStatus.CREATED.wireName();
    private static final String OPENED = LinkStatus.OPENED.wireName();
    private static final String IN_PROGRESS = LinkStatus.IN_PROGRESS.wireName();

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(LinkCreatedEvent event) {
        jdbc.update("INSERT INTO analytics_link (link_id, partner_id, environment, status, created_at,"
                        + " created_day, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.linkId(), event.partnerId(), event.environment().wireName(), CREATED,
                ts(event.createdAt()), Date.valueOf(utcDay(event.createdAt())), ts(event.expiresAt()));
    }

    @EventHandler
    public void on(LinkOpenedEvent event) {
        createdAt(event.linkId()).ifPresent(created -> jdbc.update("UPDATE analytics_link SET opened_at = ?,"
                        + " open_ms = ?, status = CASE WHEN status = ? THEN ? ELSE status END"
                        + " WHERE link_id = ? AND opened_at IS NULL",
                ts(event.openedAt()), Percentiles.millisBetween(created, event.openedAt()), CREATED, OPENED,
                event.linkId()));
    }

    @EventHandler
    public void on(LinkFlowStartedEvent event) {
        jdbc.update("UPDATE analytics_link SET flow_started_at = ?,"
                        + " status = CASE WHEN status IN (?, ?) THEN ? ELSE status END"
                        + " WHERE link_id = ? AND flow_started_at IS NULL",
                ts(event.at()), CREATED, OPENED, IN_PROGRESS, event.linkId());
    }

    @EventHandler
    public void on(LinkCompletedEvent event) {
        createdAt(event.linkId()).ifPresent(created -> jdbc.update("UPDATE analytics_link SET status = ?,"
                        + " completed_at = ?, complete_ms = ? WHERE link_id = ? AND completed_at IS NULL",
                LinkStatus.COMPLETED.wireName(), ts(event.completedAt()),
                Percentiles.millisBetween(created, event.completedAt()), event.linkId()));
    }

    @EventHandler
    public void on(LinkRevokedEvent event) {
        jdbc.update("UPDATE analytics_link SET status = ?, revoked_at = ? WHERE link_id = ? AND status IN (?, ?, ?)",
                LinkStatus.REVOKED.wireName(), ts(event.revokedAt()), event.linkId(), CREATED, OPENED, IN_PROGRESS);
    }

    @EventHandler
    public void on(LinkExpiredEvent event) {
        jdbc.update("UPDATE analytics_link SET status = ?, expired_at = ? WHERE link_id = ? AND status IN (?, ?, ?)",
                LinkStatus.EXPIRED.wireName(), ts(event.expiredAt()), event.linkId(), CREATED, OPENED, IN_PROGRESS);
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM analytics_link");
    }

    private Optional<Instant> createdAt(String linkId) {
        return jdbc.query("SELECT created_at FROM analytics_link WHERE link_id = ?",
                (rs, row) -> instant(rs, "created_at"), linkId).stream().findFirst();
    }

    static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------- queries

    /** The counts of one group; one parameter: now (for links whose time ran out unrecorded). */
    private static final String COUNTS = "COUNT(*) AS created,"
            + " COUNT(opened_at) AS opened,"
            + " SUM(CASE WHEN flow_started_at IS NOT NULL OR completed_at IS NOT NULL THEN 1 ELSE 0 END) AS in_progress,"
            + " COUNT(completed_at) AS completed,"
            + " SUM(CASE WHEN " + LinkViewProjection.expiredNowCondition("l") + " THEN 1 ELSE 0 END) AS expired,"
            + " SUM(CASE WHEN status = '" + LinkStatus.REVOKED.wireName() + "' THEN 1 ELSE 0 END) AS revoked";

    /** {@code GET /analytics/funnel?granularity=day}: days in ascending order, only days on which links were created. */
    public FunnelReport funnel(AnalyticsFilter filter) {
        Instant now = clock.instant();
        SqlWhere where = filter.where();
        Map<String, Percentiles> openByDay = Percentiles.of(jdbc, TABLE, "created_day", "open_ms", where);
        Map<String, Percentiles> completeByDay = Percentiles.of(jdbc, TABLE, "created_day", "complete_ms", where);
        List<FunnelReport.Day> days = jdbc.query("SELECT created_day, " + COUNTS + " FROM " + TABLE + " l"
                        + where.sql() + " GROUP BY created_day ORDER BY created_day",
                (rs, row) -> {
                    String day = rs.getString("created_day");
                    return FunnelReport.Day.of(day, counts(rs, openByDay.getOrDefault(day, Percentiles.NONE),
                            completeByDay.getOrDefault(day, Percentiles.NONE)));
                },
                where.argsAfter(ts(now)));
        Percentiles open = Percentiles.of(jdbc, TABLE, null, "open_ms", where).getOrDefault("", Percentiles.NONE);
        Percentiles complete = Percentiles.of(jdbc, TABLE, null, "complete_ms", where)
                .getOrDefault("", Percentiles.NONE);
        FunnelReport.Counts totals = jdbc.query("SELECT " + COUNTS + " FROM " + TABLE + " l" + where.sql(),
                (rs, row) -> counts(rs, open, complete), where.argsAfter(ts(now))).get(0);
        return new FunnelReport("day", days, totals);
    }

    private static FunnelReport.Counts counts(ResultSet rs, Percentiles open, Percentiles complete)
            throws SQLException {
        long created = rs.getLong("created");
        long completed = rs.getLong("completed");
        return new FunnelReport.Counts(created, rs.getLong("opened"), rs.getLong("in_progress"), completed,
                rs.getLong("expired"), rs.getLong("revoked"), ratio(completed, created), open, complete);
    }

    /** {@code part / whole} with four places, half up; null when {@code whole} is 0. */
    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}

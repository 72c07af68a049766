package com.m2m.query.datarequest;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestOwner;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FindDataRequestOwnerQuery;
import com.m2m.domain.user.UserField;
import com.m2m.query.common.JsonText;
import com.m2m.domain.common.Page;
import com.m2m.query.common.StatusCounts;
import com.m2m.query.common.SqlWhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Read model of data requests (table {@code data_request_view}), derived from the User aggregate's
 * {@code DataRequestOpened}, {@code DataRequestPartiallyFulfilled} and {@code DataRequestFulfilled} events. Serves
 * {@code GET /partner/data-requests} (list and detail) and {@link FindDataRequestOwnerQuery}, with which the
 * command side routes a partner's answer to the right user.
 *
 * <p><b>Effective status.</b> The stored status is {@code pending}, {@code partially_fulfilled} or
 * {@code fulfilled}. A request still open (one of the first two) whose {@code expires_at} has passed — it expires
 * with its link, at the same instant ({@link EndsWithLink}) — is reported, and filtered, as {@code expired}; no
 * event records that. "Now" comes from the injected {@link Clock}.
 *
 * <p>Handlers are safe to run twice for one event: a request row is inserted only once, updates set absolute
 * values, and a fulfilled request (terminal) is never changed again, so an answer delivered late cannot reopen it.
 */
@Component
@ProcessingGroup(DataRequestProjection.PROCESSING_GROUP)
public class DataRequestProjection implements EndsWithLink {

    public static final String PROCESSING_GROUP = "data-request-view";

    private static final String PENDING = DataRequestStatus.PENDING.wireName();
    private static final String PARTIALLY_FULFILLED = DataRequestStatus.PARTIALLY_FULFILLED.wireName();
    private static final String FULFILLED = DataRequestStatus.FULFILLED.wireName();

    private static final String COLUMNS = "d.data_request_id, d.reference_id, d.link_id, d.required_fields,"
            + " d.remaining_fields, d.status, d.created_at, d.expires_at, d.fulfilled_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final StatusCounts counts;

    public DataRequestProjection(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.counts = new StatusCounts(JdbcClient.create(jdbc), "data_request_count");
    }

    // ---------------------------------------------------------------- events

    /** A new request waits for every field it asks for; inserted and counted once. */
    @EventHandler
    public void on(DataRequestOpenedEvent event) {
        String required = paths(event.requiredFields());
        int inserted = jdbc.update("INSERT INTO data_request_view (data_request_id, partner_id, environment, user_id,"
                        + " reference_id, link_id, required_fields, remaining_fields, status, created_at,"
                        + " expires_at, fulfilled_at, fulfilled_source)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT DO NOTHING",
                event.dataRequestId(), event.partnerId(), event.environment().wireName(), event.userId(),
                event.referenceId(), event.linkId(), required, required, PENDING, ts(event.at()),
                ts(event.expiresAt()));
        if (inserted == 1) {
            counts.add(event.partnerId(), event.environment(), PENDING, 1);
        }
    }

    /** The partner answered but required fields are still missing: the request stays open for those. */
    @EventHandler
    public void on(DataRequestPartiallyFulfilledEvent event) {
        stored(event.dataRequestId()).filter(row -> !row.status().equals(FULFILLED)).ifPresent(row ->
                change(row, event.dataRequestId(), PARTIALLY_FULFILLED, "remaining_fields = ?",
                        paths(event.remainingFields())));
    }

    /** Nothing required is missing any more: closed, with who completed the data. */
    @EventHandler
    public void on(DataRequestFulfilledEvent event) {
        stored(event.dataRequestId()).filter(row -> !row.status().equals(FULFILLED)).ifPresent(row ->
                change(row, event.dataRequestId(), FULFILLED,
                        "remaining_fields = ?, fulfilled_at = ?, fulfilled_source = ?", paths(List.of()),
                        ts(event.at()), event.source() == null ? null : event.source().wireName()));
    }

    /** The stored row's tenant and status (the answer events do not carry the tenant the count is keyed by). */
    private record Stored(String partnerId, Environment environment, String status) {
    }

    private Optional<Stored> stored(String dataRequestId) {
        return jdbc.query("SELECT partner_id, environment, status FROM data_request_view WHERE data_request_id = ?",
                (rs, row) -> new Stored(rs.getString(1), Environment.parse(rs.getString(2), "environment"),
                        rs.getString(3)), dataRequestId).stream().findFirst();
    }

    /** One {@code UPDATE} guarded by the status read; the count moves when the status does. */
    private void change(Stored row, String dataRequestId, String to, String set, Object... values) {
        List<Object> args = new ArrayList<>();
        args.add(to);
        args.addAll(java.util.Arrays.asList(values));
        args.add(dataRequestId);
        args.add(row.status());
        int updated = jdbc.update("UPDATE data_request_view SET status = ?, " + set
                + " WHERE data_request_id = ? AND status = ?", args.toArray());
        if (updated == 1 && !row.status().equals(to)) {
            counts.move(row.partnerId(), row.environment(), row.status(), to);
        }
    }

    @Override
    public void endOpenRequestsOf(String linkId, Instant at) {
        EndsWithLink.endOpenRequests(jdbc, "data_request_view", linkId, at);
    }

    @ResetHandler
    public void reset() {
        counts.reset();
        jdbc.update("DELETE FROM data_request_view");
    }

    private static String paths(List<UserField> fields) {
        return JsonText.write(fields.stream().map(UserField::path).toList());
    }

    // ---------------------------------------------------------------- queries

    /**
     * The user a tenant's data request belongs to, whatever its status (expiry and state are the aggregate's to
     * judge). A request of another partner or environment, or an unknown one, answers {@code userId} null.
     */
    @QueryHandler
    public DataRequestOwner handle(FindDataRequestOwnerQuery query) {
        if (query.partnerId() == null || query.environment() == null || query.dataRequestId() == null) {
            return new DataRequestOwner(null);
        }
        List<String> owners = jdbc.queryForList("SELECT user_id FROM data_request_view"
                        + " WHERE data_request_id = ? AND partner_id = ? AND environment = ?",
                String.class, query.dataRequestId(), query.partnerId(), query.environment().wireName());
        return new DataRequestOwner(owners.isEmpty() ? null : owners.get(0));
    }

    /** {@code GET /partner/data-requests}: the tenant's data requests, newest first, filtered and paged. */
    public Page<DataRequestView> list(Tenant tenant, DataRequestListQuery query) {
        Instant now = clock.instant();
        SqlWhere where = SqlWhere.where("d.partner_id = ? AND d.environment = ?", tenant.partnerId(),
                        tenant.environment().wireName())
                .between("d.created_at", query.from(), query.to());
        if (query.status() != null) {
            switch (query.status()) {
                case PENDING, PARTIALLY_FULFILLED ->
                        where.and("d.status = ? AND d.expires_at > ?", query.status().wireName(), ts(now));
                case FULFILLED -> where.and("d.status = ?", FULFILLED);
                case EXPIRED -> where.and("d.status IN " + OPEN_STATUSES_SQL + " AND d.expires_at <= ?", ts(now));
            }
        }
        where.equal("d.reference_id", query.referenceId()).equal("d.link_id", query.linkId());
        Long total = narrowed(query) ? jdbc.queryForObject("SELECT COUNT(*) FROM data_request_view d" + where.sql(),
                Long.class, where.args()) : maintainedTotal(tenant, query.status(), now);
        List<DataRequestView> items = jdbc.query("SELECT " + COLUMNS + " FROM data_request_view d" + where.sql()
                        + " ORDER BY d.created_at DESC, d.data_request_id DESC LIMIT ? OFFSET ?",
                mapper(now), where.argsThen(query.page().limit(), query.page().offset()));
        return Page.of(items, query.page(), total == null ? 0 : total);
    }

    /** Narrowed to one user (referenceId), one link or one time window: counted by index over those rows only. */
    private static boolean narrowed(DataRequestListQuery query) {
        return query.from() != null || query.to() != null || query.referenceId() != null || query.linkId() != null;
    }

    /**
     * The total without narrowing filters, never counting the tenant: the maintained counts by stored status, and
     * for the time-dependent statuses the open requests that still have time left, read from
     * {@code (partner, environment, status, expires_at)}. Those are few: a request expires with its link, so only
     * the requests of links still within their lifetime are live; {@code expired} is the open count less them.
     */
    private long maintainedTotal(Tenant tenant, DataRequestStatus status, Instant now) {
        Map<String, Long> stored = counts.byStatus(tenant.partnerId(), tenant.environment());
        if (status == null) {
            return stored.values().stream().mapToLong(Long::longValue).sum();
        }
        if (status == DataRequestStatus.FULFILLED) {
            return stored.getOrDefault(FULFILLED, 0L);
        }
        Map<String, Long> live = new HashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM data_request_view WHERE partner_id = ? AND environment = ?"
                        + " AND status IN " + OPEN_STATUSES_SQL + " AND expires_at > ? GROUP BY status",
                rs -> {
                    live.put(rs.getString(1), rs.getLong(2));
                }, tenant.partnerId(), tenant.environment().wireName(), ts(now));
        if (status == DataRequestStatus.EXPIRED) {
            return stored.getOrDefault(PENDING, 0L) + stored.getOrDefault(PARTIALLY_FULFILLED, 0L)
                    - live.getOrDefault(PENDING, 0L) - live.getOrDefault(PARTIALLY_FULFILLED, 0L);
        }
        return live.getOrDefault(status.wireName(), 0L);
    }

    /**
     * {@code GET /partner/data-requests/{dataRequestId}}.
     *
     * @throws ResourceNotFoundException when the request does not exist or belongs to another tenant
     */
    public DataRequestView get(Tenant tenant, String dataRequestId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM data_request_view d"
                                + " WHERE d.data_request_id = ? AND d.partner_id = ? AND d.environment = ?",
                        mapper(clock.instant()), dataRequestId, tenant.partnerId(), tenant.environment().wireName())
                .stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Data request not found"));
    }

    /** The status a partner sees: an open request whose time has run out reads {@code expired}. */
    public static String effectiveStatus(String storedStatus, Instant expiresAt, Instant now) {
        boolean open = PENDING.equals(storedStatus) || PARTIALLY_FULFILLED.equals(storedStatus);
        return open && !now.isBefore(expiresAt) ? DataRequestStatus.EXPIRED.wireName() : storedStatus;
    }

    private static RowMapper<DataRequestView> mapper(Instant now) {
        return (rs, row) -> toView(rs, now);
    }

    private static DataRequestView toView(ResultSet rs, Instant now) throws SQLException {
        Instant expiresAt = instant(rs, "expires_at");
        return new DataRequestView(rs.getString("data_request_id"), rs.getString("reference_id"),
                rs.getString("link_id"), JsonText.readStringList(rs.getString("required_fields")),
                JsonText.readStringList(rs.getString("remaining_fields")),
                effectiveStatus(rs.getString("status"), expiresAt, now), instant(rs, "created_at"), expiresAt,
                instant(rs, "fulfilled_at"));
    }
}

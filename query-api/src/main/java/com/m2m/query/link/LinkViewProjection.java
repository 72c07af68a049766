package com.m2m.query.link;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Environment;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.link.WidgetLinks;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.UserField;
import com.m2m.query.common.JsonText;
import com.m2m.domain.common.Page;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Read model of magic links (table {@code link_view}) and of each link's activity timeline (table
 * {@code link_activity}, one row per lifecycle event, ordered by a per-link {@code seq}). Never holds the token.
 *
 * <p><b>Effective status.</b> A link whose stored status is active ({@code created}, {@code opened},
 * {@code in_progress}) but whose {@code expires_at} has passed is reported, and filtered, as {@code expired}:
 * the {@code LinkExpiredEvent} may be recorded only later. "Now" comes from the injected {@link Clock}.
 *
 * <p><b>Lifecycle.</b> {@code created} → {@code opened} (first widget session, {@code opened_at}) →
 * {@code in_progress} (the user started the flow) → {@code completed} ({@code completed_at} and the operation);
 * {@code expired} and {@code revoked} from any of the first three.
 *
 * <p>The timeline also records, only for a link this view knows: the link's data request ({@code data_requested}
 * when it opens, {@code data_received} for each answer that changed it); the user's identity verification
 * ({@code cip_started}, {@code cip_verified}, {@code cip_failed}) on the link that is the user's active link at
 * that moment (the newest link of the user whose recorded status is active; none: not recorded); and the
 * operation made from the link ({@code operation_created}, {@code operation_completed}, {@code operation_failed},
 * {@code operation_cancelled}). See {@link LinkActivity} for the details of each type.
 *
 * <p>Handlers are safe to run twice for one event: a link row is inserted only once, status changes never move a
 * link backwards, updates set absolute values and an activity entry already recorded (same link, type, time and
 * details) is not appended again.
 */
@Component
@ProcessingGroup(LinkViewProjection.PROCESSING_GROUP)
public class LinkViewProjection {

    public static final String PROCESSING_GROUP = "link-view";

    /** SQL list of the active statuses: {@code ('created', 'opened', 'in_progress')}. */
    static final String ACTIVE_STATUSES_SQL = Arrays.stream(LinkStatus.values())
            .filter(LinkStatus::isActive)
            .map(status -> "'" + status.wireName() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    /**
     * SQL condition: the link (table alias {@code alias}) is active now, i.e. usable: an active status and time
     * left. One parameter: now.
     */
    public static String activeNowCondition(String alias) {
        return "(" + alias + ".status IN " + ACTIVE_STATUSES_SQL + " AND " + alias + ".expires_at > ?)";
    }

    /** SQL condition: the link (table alias {@code alias}) is expired now, recorded or not. One parameter: now. */
    public static String expiredNowCondition(String alias) {
        return "(" + alias + ".status = '" + LinkStatus.EXPIRED.wireName() + "' OR (" + alias + ".status IN "
                + ACTIVE_STATUSES_SQL + " AND " + alias + ".expires_at <= ?))";
    }

    private static final String COLUMNS = "l.link_id, l.partner_id, l.environment, l.reference_id, l.user_id,"
            + " l.status, l.flow, l.theme, l.language, l.metadata, l.expires_at, l.created_at, l.opened_at,"
            + " l.completed_at, l.revoked_at, l.operation_id";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String publicBaseUrl;

    public LinkViewProjection(JdbcTemplate jdbc, Clock clock,
                              @Value("${m2m.public-base-url:http://localhost:8080}") String publicBaseUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(LinkCreatedEvent event) {
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM link_view WHERE link_id = ?", Integer.class,
                event.linkId());
        if (existing == null || existing == 0) {
            LinkOptions options = event.options();
            jdbc.update("INSERT INTO link_view (link_id, partner_id, environment, reference_id, user_id, status,"
                            + " flow, theme, language, callback_url, metadata, expires_at, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    event.linkId(), event.partnerId(), event.environment().wireName(), event.referenceId(),
                    event.userId(), LinkStatus.CREATED.wireName(), options.flow(), options.theme(),
                    options.language(), options.callbackUrl(), JsonText.write(new TreeMap<>(options.metadata())),
                    ts(event.expiresAt()), ts(event.createdAt()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expiresAt", JsonText.timestamp(event.expiresAt()));
        details.put("flow", event.options().flow());
        appendActivity(event.linkId(), LinkActivity.CREATED, event.createdAt(), details);
    }

    /** The first widget session: {@code opened}, with the device the user opened it on. */
    @EventHandler
    public void on(LinkOpenedEvent event) {
        jdbc.update("UPDATE link_view SET status = ?, opened_at = COALESCE(opened_at, ?) WHERE link_id = ?"
                        + " AND status = ?",
                LinkStatus.OPENED.wireName(), ts(event.openedAt()), event.linkId(), LinkStatus.CREATED.wireName());
        DeviceInfo device = event.deviceInfo() == null ? DeviceInfo.UNKNOWN : event.deviceInfo();
        Map<String, Object> deviceInfo = new LinkedHashMap<>();
        deviceInfo.put("userAgent", device.userAgent());
        deviceInfo.put("platform", device.platform());
        deviceInfo.put("language", device.language());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deviceInfo", deviceInfo);
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.OPENED, event.openedAt(), details);
    }

    /** The user's first action in the widget: {@code in_progress}. */
    @EventHandler
    public void on(LinkFlowStartedEvent event) {
        jdbc.update("UPDATE link_view SET status = ? WHERE link_id = ? AND status IN (?, ?)",
                LinkStatus.IN_PROGRESS.wireName(), event.linkId(), LinkStatus.CREATED.wireName(),
                LinkStatus.OPENED.wireName());
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.FLOW_STARTED, event.at(), new LinkedHashMap<>());
    }

    /** The user confirmed a transfer: {@code completed}, with the operation. */
    @EventHandler
    public void on(LinkCompletedEvent event) {
        jdbc.update("UPDATE link_view SET status = ?, completed_at = ?, operation_id = ? WHERE link_id = ?",
                LinkStatus.COMPLETED.wireName(), ts(event.completedAt()), event.operationId(), event.linkId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operationId", event.operationId());
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.COMPLETED, event.completedAt(), details);
    }

    @EventHandler
    public void on(LinkRevokedEvent event) {
        jdbc.update("UPDATE link_view SET status = ?, revoked_at = ?, revoke_reason = ? WHERE link_id = ?",
                LinkStatus.REVOKED.wireName(), ts(event.revokedAt()), event.reason(), event.linkId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", event.reason());
        appendActivity(event.linkId(), LinkActivity.REVOKED, event.revokedAt(), details);
    }

    @EventHandler
    public void on(LinkExpiredEvent event) {
        jdbc.update("UPDATE link_view SET status = ?, expired_at = ? WHERE link_id = ?",
                LinkStatus.EXPIRED.wireName(), ts(event.expiredAt()), event.linkId());
        appendActivity(event.linkId(), LinkActivity.EXPIRED, event.expiredAt(), new LinkedHashMap<>());
    }

    /** The partner is asked for the missing required fields: {@code data_requested} on the request's link. */
    @EventHandler
    public void on(DataRequestOpenedEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataRequestId", event.dataRequestId());
        details.put("requiredFields", paths(event.requiredFields()));
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.DATA_REQUESTED, event.at(), details);
    }

    /** An answer left required fields missing: {@code data_received} with what is still missing. */
    @EventHandler
    public void on(DataRequestPartiallyFulfilledEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataRequestId", event.dataRequestId());
        details.put("status", DataRequestStatus.PARTIALLY_FULFILLED.wireName());
        details.put("remainingFields", paths(event.remainingFields()));
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.DATA_RECEIVED, event.at(), details);
    }

    /** Nothing required is missing any more: {@code data_received} with who completed the data. */
    @EventHandler
    public void on(DataRequestFulfilledEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataRequestId", event.dataRequestId());
        details.put("status", DataRequestStatus.FULFILLED.wireName());
        details.put("source", event.source() == null ? null : event.source().wireName());
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.DATA_RECEIVED, event.at(), details);
    }

    @EventHandler
    public void on(CipVerificationStartedEvent event) {
        appendToActiveLink(event.userId(), LinkActivity.CIP_STARTED, event.at(), new LinkedHashMap<>());
    }

    @EventHandler
    public void on(CipVerifiedEvent event) {
        appendToActiveLink(event.userId(), LinkActivity.CIP_VERIFIED, event.at(), new LinkedHashMap<>());
    }

    @EventHandler
    public void on(CipFailedEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", event.reason());
        appendToActiveLink(event.userId(), LinkActivity.CIP_FAILED, event.at(), details);
    }

    @EventHandler
    public void on(OperationCreatedEvent event) {
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.OPERATION_CREATED, event.createdAt(),
                operationDetails(event.operationId()));
    }

    @EventHandler
    public void on(OperationCompletedEvent event) {
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.OPERATION_COMPLETED, event.completedAt(),
                operationDetails(event.operationId()));
    }

    @EventHandler
    public void on(OperationFailedEvent event) {
        Map<String, Object> details = operationDetails(event.operationId());
        details.put("reason", event.reason());
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.OPERATION_FAILED, event.failedAt(), details);
    }

    @EventHandler
    public void on(OperationCancelledEvent event) {
        Map<String, Object> details = operationDetails(event.operationId());
        details.put("reason", event.reason());
        appendActivityIfLinkKnown(event.linkId(), LinkActivity.OPERATION_CANCELLED, event.cancelledAt(), details);
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM link_activity");
        jdbc.update("DELETE FROM link_view");
    }

    private static Map<String, Object> operationDetails(String operationId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operationId", operationId);
        return details;
    }

    /**
     * Appends to the user's active link at this moment: the newest of the user's links whose recorded status is
     * active (one active link per user; if an effectively expired one was not yet recorded as expired and a newer
     * link exists, the newer one). Nothing when the user has none (e.g. support approved a past verification).
     */
    private void appendToActiveLink(String userId, String type, Instant at, Map<String, Object> details) {
        if (userId == null) {
            return;
        }
        List<String> active = jdbc.queryForList("SELECT link_id FROM link_view WHERE user_id = ? AND status IN "
                        + ACTIVE_STATUSES_SQL + " ORDER BY created_at DESC, link_id DESC LIMIT 1",
                String.class, userId);
        if (!active.isEmpty()) {
            appendActivity(active.get(0), type, at, details);
        }
    }

    private void appendActivityIfLinkKnown(String linkId, String type, Instant at, Map<String, Object> details) {
        if (linkId == null) {
            return;
        }
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM link_view WHERE link_id = ?", Integer.class,
                linkId);
        if (known != null && known > 0) {
            appendActivity(linkId, type, at, details);
        }
    }

    /**
     * Appends an entry unless the same one (type, time and details) is already recorded for the link: two distinct
     * entries of one type at one instant (e.g. two answers) are both kept, a re-delivered event is not.
     */
    private void appendActivity(String linkId, String type, Instant at, Map<String, Object> details) {
        String json = JsonText.write(details);
        List<String> recorded = jdbc.queryForList(
                "SELECT details FROM link_activity WHERE link_id = ? AND type = ? AND at = ?",
                String.class, linkId, type, ts(at));
        if (recorded.contains(json)) {
            return;
        }
        Integer next = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) + 1 FROM link_activity WHERE link_id = ?",
                Integer.class, linkId);
        jdbc.update("INSERT INTO link_activity (link_id, seq, type, at, details) VALUES (?, ?, ?, ?, ?)",
                linkId, next, type, ts(at), json);
    }

    private static List<String> paths(List<UserField> fields) {
        return fields == null ? List.of() : fields.stream().map(UserField::path).toList();
    }

    // ---------------------------------------------------------------- queries

    /** {@code GET /partner/links}: the tenant's links, newest first, filtered and paged. */
    public Page<LinkView> list(Tenant tenant, LinkListQuery query) {
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder(" WHERE l.partner_id = ? AND l.environment = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.partnerId(), tenant.environment().wireName()));
        if (query.from() != null) {
            where.append(" AND l.created_at >= ?");
            args.add(ts(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND ").append(query.to().upperBoundSql("l.created_at"));
            args.add(ts(query.to().at()));
        }
        if (query.status() != null) {
            LinkStatus status = query.status();
            if (status.isActive()) {
                where.append(" AND l.status = ? AND l.expires_at > ?");
                args.add(status.wireName());
                args.add(ts(now));
            } else if (status == LinkStatus.EXPIRED) {
                where.append(" AND ").append(expiredNowCondition("l"));
                args.add(ts(now));
            } else {
                where.append(" AND l.status = ?");
                args.add(status.wireName());
            }
        }
        if (query.visibility() != null) {
            where.append(" AND ").append(query.visibility() == LinkVisibility.ACTIVE
                    ? activeNowCondition("l") : expiredNowCondition("l"));
            args.add(ts(now));
        }
        if (query.referenceId() != null) {
            where.append(" AND l.reference_id = ?");
            args.add(query.referenceId());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM link_view l" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.page().limit());
        pageArgs.add(query.page().offset());
        List<LinkView> items = jdbc.query("SELECT " + COLUMNS + " FROM link_view l" + where
                        + " ORDER BY l.created_at DESC, l.link_id DESC LIMIT ? OFFSET ?",
                linkMapper(now), pageArgs.toArray());
        return Page.of(items, query.page(), total == null ? 0 : total);
    }

    /**
     * {@code GET /partner/links/{linkId}}: the link with its user's current status.
     *
     * @throws ResourceNotFoundException when the link does not exist or belongs to another tenant
     */
    public LinkDetail get(Tenant tenant, String linkId) {
        Instant now = clock.instant();
        RowMapper<LinkView> links = linkMapper(now);
        return jdbc.query("SELECT " + COLUMNS + ", u.status AS user_status FROM link_view l"
                                + " LEFT JOIN user_view u ON u.user_id = l.user_id"
                                + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ?",
                        (rs, row) -> LinkDetail.of(links.mapRow(rs, row), rs.getString("user_status")),
                        linkId, tenant.partnerId(), tenant.environment().wireName())
                .stream().findFirst()
                .orElseThrow(LinkViewProjection::linkNotFound);
    }

    /**
     * {@code GET /partner/links/{linkId}/activity}: the link's lifecycle events in order.
     *
     * @throws ResourceNotFoundException when the link does not exist or belongs to another tenant
     */
    public List<LinkActivity> activity(Tenant tenant, String linkId) {
        Integer owned = jdbc.queryForObject(
                "SELECT COUNT(*) FROM link_view WHERE link_id = ? AND partner_id = ? AND environment = ?",
                Integer.class, linkId, tenant.partnerId(), tenant.environment().wireName());
        if (owned == null || owned == 0) {
            throw linkNotFound();
        }
        return jdbc.query("SELECT type, at, details FROM link_activity WHERE link_id = ? ORDER BY seq",
                (rs, row) -> new LinkActivity(rs.getString("type"), instant(rs, "at"),
                        JsonText.readObject(rs.getString("details"))),
                linkId);
    }

    /**
     * The link of a widget session (for the widget state): the link {@code linkId} of that partner and environment,
     * with its effective status.
     */
    public Optional<LinkView> find(String partnerId, Environment environment, String linkId) {
        if (partnerId == null || environment == null || linkId == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM link_view l"
                                + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ?",
                        linkMapper(clock.instant()), linkId, partnerId, environment.wireName())
                .stream().findFirst();
    }

    /** The status a partner sees: an active status whose time has run out reads {@code expired}. */
    public static String effectiveStatus(String storedStatus, Instant expiresAt, Instant now) {
        LinkStatus status = LinkStatus.fromWireName(storedStatus);
        return status.isActive() && !now.isBefore(expiresAt) ? LinkStatus.EXPIRED.wireName() : status.wireName();
    }

    /** The widget URL of a link: never carries the token (that is only in the creation response's fragment). */
    public String url(String linkId, String flow) {
        return WidgetLinks.url(publicBaseUrl, linkId, flow);
    }

    private RowMapper<LinkView> linkMapper(Instant now) {
        return (rs, row) -> toView(rs, now);
    }

    private LinkView toView(ResultSet rs, Instant now) throws SQLException {
        String linkId = rs.getString("link_id");
        String flow = rs.getString("flow");
        Instant expiresAt = instant(rs, "expires_at");
        return new LinkView(linkId, rs.getString("reference_id"), rs.getString("user_id"),
                effectiveStatus(rs.getString("status"), expiresAt, now), url(linkId, flow), expiresAt,
                instant(rs, "created_at"), instant(rs, "opened_at"), instant(rs, "completed_at"),
                instant(rs, "revoked_at"), rs.getString("operation_id"),
                JsonText.readStringMap(rs.getString("metadata")), flow, rs.getString("theme"),
                rs.getString("language"));
    }

    private static ResourceNotFoundException linkNotFound() {
        return new ResourceNotFoundException("Link not found");
    }
}

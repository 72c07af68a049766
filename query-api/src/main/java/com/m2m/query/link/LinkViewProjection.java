package com.m2m.query.link;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.UserField;
import com.m2m.query.common.JsonText;
import com.m2m.query.common.Page;
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
 * <p>The timeline also records the link's data request ({@code data_requested} when it opens,
 * {@code data_received} for each answer that changed it), only for a link this view knows.
 *
 * <p>Handlers are safe to run twice for one event: a link row is inserted only once, updates set absolute values
 * and an activity entry already recorded (same link, type, time and details) is not appended again.
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

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM link_activity");
        jdbc.update("DELETE FROM link_view");
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

    /** The status a partner sees: an active status whose time has run out reads {@code expired}. */
    public static String effectiveStatus(String storedStatus, Instant expiresAt, Instant now) {
        LinkStatus status = LinkStatus.fromWireName(storedStatus);
        return status.isActive() && !now.isBefore(expiresAt) ? LinkStatus.EXPIRED.wireName() : status.wireName();
    }

    /** The widget URL of a link: never carries the token (that is only in the creation response's fragment). */
    public String url(String linkId, String flow) {
        return publicBaseUrl + "/w/" + linkId + "/" + flow;
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

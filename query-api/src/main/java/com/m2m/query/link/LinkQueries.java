package com.m2m.query.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkStatus;
import com.m2m.query.common.JsonText;
import com.m2m.query.common.SqlWhere;
import com.m2m.query.common.StatusCounts;
import com.m2m.domain.common.Page;
import com.m2m.domain.link.WidgetLinks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Reads of the link view that {@link LinkViewProjection} writes: the list, one link, a widget session's link.
 *
 * <p><b>Flat first pages</b> (docs/performance.md, "Flat reads"). A status or visibility filter is a set of
 * <i>slices</i>: a stored status, and for an active one whether its time is left ({@code live}) or has run out
 * ({@code stale}: effectively expired, the expiry event not recorded yet). Each slice is one range of an index
 * ordered like the list ({@code (partner, environment, status, created_at, link_id)}, or without status when there
 * is no filter); several slices are a {@code UNION ALL} of per-slice first pages, so no query sorts the tenant.
 *
 * <p><b>Stale links</b> ({@link StaleLinks}) are read first when a slice depends on the time: a status without any
 * (the usual case: each link's expiry deadline records its expiry when it is due) has no stale slice at all and its
 * live slice is the plain status range; a stale slice reads its own range of
 * {@code (partner, environment, status, expires_at)}, never the status's created-at range (which it would walk to
 * its end looking for a handful of rows).
 *
 * <p><b>Totals</b> never count the tenant: without from/to/referenceId they are the maintained
 * {@code link_count} rows, less or plus the stale links of each active status. With referenceId the count is of
 * that user's few links (reference index); with from/to it is an index range count over that window only (a
 * maintained count cannot know an arbitrary window).
 */
@Component
@EnableConfigurationProperties(PublicUrlProperties.class)
public class LinkQueries {

    private static final String COLUMNS = "l.link_id, l.partner_id, l.environment, l.reference_id, l.user_id,"
            + " l.status, l.flow, l.theme, l.language, l.metadata, l.expires_at, l.created_at, l.opened_at,"
            + " l.completed_at, l.revoked_at, l.operation_id";
    private static final String ORDER = " ORDER BY l.created_at DESC, l.link_id DESC";

    private final JdbcClient jdbc;
    private final StatusCounts counts;
    private final StaleLinks staleLinks;
    private final Clock clock;
    private final String publicBaseUrl;

    @Autowired
    public LinkQueries(JdbcTemplate jdbc, Clock clock, PublicUrlProperties publicUrl) {
        this(jdbc, clock, publicUrl.publicBaseUrl());
    }

    /** @param publicBaseUrl where the widget URLs of link reads start; a trailing slash is ignored */
    public LinkQueries(JdbcTemplate jdbc, Clock clock, String publicBaseUrl) {
        this.jdbc = JdbcClient.create(jdbc);
        this.counts = new StatusCounts(this.jdbc, "link_count");
        this.staleLinks = new StaleLinks(this.jdbc);
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Which rows of one stored status a slice holds, by time left. */
    private enum Expiry { ANY, LIVE, STALE }

    /**
     * A stored status and, for an active one, the part with or without time left; {@code stale}: that status's
     * stale links (LIVE and STALE slices only exist while there are some).
     */
    private record Slice(LinkStatus stored, Expiry expiry, StaleLinks.Stale stale) {

        LinkStatus effective() {
            return expiry == Expiry.STALE ? LinkStatus.EXPIRED : stored;
        }

        /** The slice as this tenant's stale links make it: without stale links every row is live. */
        Slice resolved(Map<LinkStatus, StaleLinks.Stale> staleByStatus) {
            if (expiry == Expiry.ANY) {
                return this;
            }
            StaleLinks.Stale found = staleByStatus.get(stored);
            if (found == null) {
                return expiry == Expiry.LIVE ? new Slice(stored, Expiry.ANY, null) : null;
            }
            return new Slice(stored, expiry, found);
        }

        /** The stale range is bounded below by its oldest expiry, so the planner estimates it as the few it is. */
        String sql() {
            return switch (expiry) {
                case ANY -> "l.status = ?";
                case LIVE -> "l.status = ? AND l.expires_at > ?";
                case STALE -> "l.status = ? AND l.expires_at >= ? AND l.expires_at <= ?";
            };
        }

        List<Object> args(Instant now) {
            return switch (expiry) {
                case ANY -> List.of(stored.wireName());
                case LIVE -> List.of(stored.wireName(), ts(now));
                case STALE -> List.of(stored.wireName(), ts(stale.oldest()), ts(now));
            };
        }

        /** How many of the tenant's rows the slice holds, from the stored counts. */
        long count(Map<String, Long> storedCounts) {
            long all = storedCounts.getOrDefault(stored.wireName(), 0L);
            return switch (expiry) {
                case ANY -> all;
                case LIVE -> all - stale.count();
                case STALE -> stale.count();
            };
        }

        /**
         * The slice's rows in the list's order (no LIMIT yet). A stale slice reads its own range of the expiry
         * index, which holds exactly its {@code stale.count()} rows, and orders those few: walking the status's
         * created-at range instead would pass every live link of the status to find them.
         */
        String page(String common) {
            String rows = "SELECT " + COLUMNS + " FROM link_view l WHERE " + common + " AND " + sql();
            return expiry == Expiry.STALE
                    ? "SELECT * FROM (" + rows + " ORDER BY l.expires_at LIMIT ?) l" + ORDER
                    : rows + ORDER;
        }

        List<Object> pageArgs(List<Object> commonArgs, Instant now) {
            List<Object> args = new ArrayList<>(commonArgs);
            args.addAll(args(now));
            if (expiry == Expiry.STALE) {
                args.add(stale.count());
            }
            return args;
        }
    }

    /** The slices whose effective status passes the status and visibility filters; null: no filter at all. */
    private static List<Slice> slices(LinkListQuery query) {
        if (query.status() == null && query.visibility() == null) {
            return null;
        }
        List<Slice> slices = new ArrayList<>();
        for (LinkStatus stored : LinkStatus.values()) {
            List<Slice> candidates = stored.isActive()
                    ? List.of(new Slice(stored, Expiry.LIVE, null), new Slice(stored, Expiry.STALE, null))
                    : List.of(new Slice(stored, Expiry.ANY, null));
            for (Slice slice : candidates) {
                LinkStatus effective = slice.effective();
                boolean statusMatches = query.status() == null || query.status() == effective;
                boolean visibilityMatches = query.visibility() == null
                        || (query.visibility() == LinkVisibility.ACTIVE
                        ? effective.isActive() : effective == LinkStatus.EXPIRED);
                if (statusMatches && visibilityMatches) {
                    slices.add(slice);
                }
            }
        }
        return slices;
    }

    /** The slices as the tenant's stale links make them: a slice of no row goes. */
    private List<Slice> resolve(Tenant tenant, List<Slice> slices, Instant now) {
        if (slices == null || slices.stream().allMatch(slice -> slice.expiry() == Expiry.ANY)) {
            return slices;
        }
        Map<LinkStatus, StaleLinks.Stale> stale = staleLinks.of(tenant, now);
        return slices.stream().map(slice -> slice.resolved(stale)).filter(Objects::nonNull).toList();
    }

    /** {@code GET /partner/links}: the tenant's links, newest first, filtered and paged. */
    public Page<LinkView> list(Tenant tenant, LinkListQuery query) {
        Instant now = clock.instant();
        SqlWhere filters = SqlWhere.where("l.partner_id = ? AND l.environment = ?", tenant.partnerId(),
                        tenant.environment().wireName())
                .between("l.created_at", query.from(), query.to())
                .equal("l.reference_id", query.referenceId());
        String common = filters.conditions();
        List<Object> commonArgs = Arrays.asList(filters.args());
        List<Slice> slices = resolve(tenant, slices(query), now);
        if (slices != null && slices.isEmpty()) {
            return Page.of(List.of(), query.page(), 0);
        }
        boolean narrowed = query.from() != null || query.to() != null || query.referenceId() != null;
        long total = narrowed ? countRows(common, commonArgs, slices, now)
                : maintainedTotal(tenant, slices);
        List<LinkView> items = total <= query.page().offset() ? List.of()
                : page(common, commonArgs, slices, query, now);
        return Page.of(items, query.page(), total);
    }

    private List<LinkView> page(String common, List<Object> commonArgs, List<Slice> slices, LinkListQuery query,
                                Instant now) {
        long limit = query.page().limit();
        long offset = query.page().offset();
        List<Object> args = new ArrayList<>();
        String sql;
        if (slices == null) {
            sql = "SELECT " + COLUMNS + " FROM link_view l WHERE " + common + ORDER;
            args.addAll(commonArgs);
        } else if (slices.size() == 1) {
            sql = slices.get(0).page(common);
            args.addAll(slices.get(0).pageArgs(commonArgs, now));
        } else {
            // Each slice contributes at most its own first offset+limit rows, already in the list's order.
            List<String> parts = new ArrayList<>();
            for (Slice slice : slices) {
                parts.add("(" + slice.page(common) + " LIMIT ?)");
                args.addAll(slice.pageArgs(commonArgs, now));
                args.add(offset + limit);
            }
            sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts) + ") l" + ORDER;
        }
        args.add(limit);
        args.add(offset);
        return jdbc.sql(sql + " LIMIT ? OFFSET ?").params(args).query(linkMapper(now)).list();
    }

    /** The total from the maintained counts, adjusted by the stale slices. */
    private long maintainedTotal(Tenant tenant, List<Slice> slices) {
        Map<String, Long> stored = counts.byStatus(tenant.partnerId(), tenant.environment());
        if (slices == null) {
            return stored.values().stream().mapToLong(Long::longValue).sum();
        }
        return slices.stream().mapToLong(slice -> slice.count(stored)).sum();
    }

    /** An exact count of the narrowed rows (one user's links, or one time window), by index range. */
    private long countRows(String common, List<Object> commonArgs, List<Slice> slices, Instant now) {
        StringBuilder where = new StringBuilder(common);
        List<Object> args = new ArrayList<>(commonArgs);
        if (slices != null) {
            List<String> conditions = new ArrayList<>();
            for (Slice slice : slices) {
                conditions.add("(" + slice.sql() + ")");
                args.addAll(slice.args(now));
            }
            where.append(" AND (").append(String.join(" OR ", conditions)).append(")");
        }
        Long total = jdbc.sql("SELECT COUNT(*) FROM link_view l WHERE " + where).params(args)
                .query(Long.class).single();
        return total == null ? 0 : total;
    }

    /**
     * {@code GET /partner/links/{linkId}}: the link with its user's current status.
     *
     * @throws ResourceNotFoundException when the link does not exist or belongs to another tenant
     */
    public LinkDetail get(Tenant tenant, String linkId) {
        RowMapper<LinkView> links = linkMapper(clock.instant());
        return jdbc.sql("SELECT " + COLUMNS + ", u.status AS user_status FROM link_view l"
                        + " LEFT JOIN user_view u ON u.user_id = l.user_id"
                        + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ?")
                .params(linkId, tenant.partnerId(), tenant.environment().wireName())
                .query((rs, row) -> LinkDetail.of(links.mapRow(rs, row), rs.getString("user_status")))
                .optional()
                .orElseThrow(() -> new ResourceNotFoundException("Link not found"));
    }

    /**
     * The link of a widget session (for the widget state): the link {@code linkId} of that partner and environment,
     * with its effective status.
     */
    public Optional<LinkView> find(String partnerId, Environment environment, String linkId) {
        if (partnerId == null || environment == null || linkId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM link_view l"
                        + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ?")
                .params(linkId, partnerId, environment.wireName())
                .query(linkMapper(clock.instant())).optional();
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
}

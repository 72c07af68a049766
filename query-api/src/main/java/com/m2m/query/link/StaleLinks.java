package com.m2m.query.link;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * The tenant's <i>stale</i> links: stored as an active status, but past {@code expires_at}, their expiry deadline
 * not fired yet (docs/performance.md, "Flat reads"). They are few (a deadline records the expiry when it is due),
 * but PostgreSQL cannot know it: it estimates {@code status IN (active) AND expires_at <= now} as independent
 * conditions (a third of a million of a million links with realistic expiries), then plans the stale count as a
 * parallel bitmap scan (a worker start-up per request, tens of ms on a busy machine) and a stale page as a walk
 * of the status's whole created-at range (hundreds of ms).
 *
 * <p>So the oldest expiry of each active status is read first: one index end ({@code MIN} over
 * {@code (partner, environment, status, expires_at)}) per status, whatever the tenant's size. A status whose
 * oldest expiry is still ahead has no stale link (the usual case: no further statement, and its slices need no
 * time condition); only otherwise are its stale links counted, over {@code [oldest, now]}, a range the planner
 * estimates from its histogram.
 */
final class StaleLinks {

    /** Stale links of one stored status: how many, and the oldest expiry among them. */
    record Stale(long count, Instant oldest) {
    }

    private static final List<LinkStatus> ACTIVE = Arrays.stream(LinkStatus.values())
            .filter(LinkStatus::isActive).toList();
    private static final String OLDEST_EXPIRY_SQL = "SELECT s.status, (SELECT MIN(l.expires_at) FROM link_view l"
            + " WHERE l.partner_id = ? AND l.environment = ? AND l.status = s.status) AS oldest FROM (VALUES "
            + ACTIVE.stream().map(status -> "('" + status.wireName() + "')").collect(Collectors.joining(", "))
            + ") AS s (status)";

    private final JdbcClient jdbc;

    StaleLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's stale links by stored status, at {@code now}; a status without any is absent. */
    Map<LinkStatus, Stale> of(Tenant tenant, Instant now) {
        Map<LinkStatus, Instant> due = new EnumMap<>(LinkStatus.class);
        jdbc.sql(OLDEST_EXPIRY_SQL)
                .params(tenant.partnerId(), tenant.environment().wireName())
                .query(rs -> {
                    Instant oldest = instant(rs, "oldest");
                    if (oldest != null && !oldest.isAfter(now)) {
                        due.put(LinkStatus.fromWireName(rs.getString("status")), oldest);
                    }
                });
        Map<LinkStatus, Stale> stale = new EnumMap<>(LinkStatus.class);
        due.forEach((status, oldest) -> {
            Long count = jdbc.sql("SELECT COUNT(*) FROM link_view l WHERE l.partner_id = ? AND l.environment = ?"
                            + " AND l.status = ? AND l.expires_at >= ? AND l.expires_at <= ?")
                    .params(tenant.partnerId(), tenant.environment().wireName(), status.wireName(), ts(oldest),
                            ts(now))
                    .query(Long.class).single();
            // A deadline may have fired between the two statements: none left is no stale slice at all.
            if (count != null && count > 0) {
                stale.put(status, new Stale(count, oldest));
            }
        });
        return stale;
    }
}

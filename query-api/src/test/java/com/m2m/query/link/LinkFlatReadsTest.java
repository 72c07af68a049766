package com.m2m.query.link;

import com.m2m.query.testing.FlatReadsTestBase;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.RecordedStatements;
import com.m2m.domain.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.m2m.query.common.Db.ts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flat reads of {@code GET /partner/links} (docs/performance.md, "Flat reads"): on PostgreSQL, every statement a
 * list filter issues reads {@code link_view} through an index (never a sequential scan, and for a one-slice page
 * never a sort: the index is the order); on H2 and PostgreSQL, the maintained totals equal {@code COUNT(*)} after
 * a mixed history and after a replay from scratch.
 */
class LinkFlatReadsTest extends FlatReadsTestBase {


    // ------------------------------------------------------------------ plans

    private static final String[][] FILTERS = {
            // page, limit, from, to, status, visibility, referenceId; a from/to window is counted by an index range
            // over the window (no maintained count knows an arbitrary window): these windows are a day or less
            {null, null, null, null, null, null, null},
            {"3", "50", null, null, null, null, null},
            {null, null, null, null, "created", null, null},
            {null, null, null, null, "opened", null, null},
            {null, null, null, null, "in_progress", null, null},
            {null, null, null, null, "completed", null, null},
            {null, null, null, null, "revoked", null, null},
            {null, null, null, null, "expired", null, null},
            {null, null, null, null, null, "active", null},
            {null, null, null, null, null, "expired", null},
            {null, null, "2026-03-02", "2026-03-02", null, null, null},
            {null, null, "2026-03-05T00:00:00Z", null, "completed", null, null},
            {null, null, null, null, null, null, "ref-77"},
            {null, null, null, null, "created", null, "ref-77"},
    };

    /** When the plan tests read the tenant: a few minutes after its newest link. */
    private static final Instant PLAN_NOW = T0.plusSeconds(20_000 * 20L + 300);

    @Test
    void everyListFilterReadsTheViewThroughAnIndexOnPostgres() {
        RecordedStatements recorded = new RecordedStatements();
        JdbcTemplate jdbc = DATABASES.postgres(recorded);
        seed(jdbc, 20_000);
        MutableClock clock = new MutableClock(PLAN_NOW);
        LinkQueries queries = new LinkQueries(jdbc, clock, "https://m2m.example");

        for (String[] filter : FILTERS) {
            recorded.take();
            var page = queries.list(ACME, LinkListQuery.parse(filter[0], filter[1], filter[2], filter[3], filter[4],
                    filter[5], filter[6]));
            List<RecordedStatements.Recorded> issued = recorded.take();
            assertThat(page.pagination().total()).as("total of %s", Arrays.asList(filter).toString())
                    .isEqualTo(countByOldDefinition(jdbc, filter, clock.instant()));
            boolean narrowed = filter[6] != null;
            RecordedStatements.assertIndexed(jdbc, issued, "link_view", Arrays.asList(filter).toString(),
                    statement -> !narrowed && statement.sql().startsWith("SELECT l.link_id")
                            && !statement.sql().contains("UNION"));
        }
    }

    /**
     * What made {@code visibility=expired} 410 ms at 1M links and gave {@code status=created} its p99 tail: with
     * realistic expiries (a third of the links expire a minute after creation and are stored expired, a handful
     * are due but unrecorded), PostgreSQL estimates "active status and past its expiry" at a third of the active
     * links. The old stale page then walked its status's whole created-at range (every live link of the status,
     * removed by the filter) and the old stale count was planned for thousands of rows (a parallel scan at 1M).
     * So every scan of {@code link_view} in every statement a filter issues, with its parameters (custom plan) and
     * as the generic plan a server-prepared statement gets after five executions, must read rows bounded by the
     * page, never by the tenant: a page's scans at most offset + limit + the stale links, a count's scans what it
     * counts (plus the stale links) and, when run to the end, estimated within 10× of what they read.
     */
    @Test
    void everyListFilterReadsRowsBoundedByThePageNotByTheTenantOnPostgres() throws Exception {
        RecordedStatements recorded = new RecordedStatements();
        JdbcTemplate jdbc = DATABASES.postgres(recorded);
        seed(jdbc, 20_000);
        MutableClock clock = new MutableClock(PLAN_NOW);
        LinkQueries queries = new LinkQueries(jdbc, clock, "https://m2m.example");
        long stale = jdbc.queryForObject("SELECT COUNT(*) FROM link_view WHERE partner_id = 'acme' AND status IN "
                + LinkViewProjection.ACTIVE_STATUSES_SQL + " AND expires_at <= ?", Long.class, ts(PLAN_NOW));
        long staleStatuses = jdbc.queryForObject("SELECT COUNT(DISTINCT status) FROM link_view WHERE partner_id ="
                + " 'acme' AND status IN " + LinkViewProjection.ACTIVE_STATUSES_SQL + " AND expires_at <= ?",
                Long.class, ts(PLAN_NOW));
        long expired = jdbc.queryForObject("SELECT COUNT(*) FROM link_view WHERE partner_id = 'acme'"
                + " AND status = 'expired'", Long.class);
        // The shape that reproduces it: stale links in some active statuses (not all), many stored expired.
        assertThat(stale).isBetween(5L, 40L);
        assertThat(staleStatuses).isEqualTo(2);
        assertThat(expired).isGreaterThan(4_000);

        for (String[] filter : FILTERS) {
            LinkListQuery query = LinkListQuery.parse(filter[0], filter[1], filter[2], filter[3], filter[4],
                    filter[5], filter[6]);
            recorded.take();
            long total = queries.list(ACME, query).pagination().total();
            List<RecordedStatements.Recorded> issued = recorded.take();
            boolean narrowed = query.from() != null || query.to() != null || query.referenceId() != null;
            for (RecordedStatements.Recorded statement : issued) {
                if (!statement.sql().contains("link_view")) {
                    continue;
                }
                boolean isPage = statement.sql().endsWith("LIMIT ? OFFSET ?");
                long bound = isPage ? query.page().offset() + query.page().limit() + stale
                        : narrowed ? total + stale + query.page().limit() : stale + staleStatuses + 3;
                for (boolean generic : new boolean[]{false, true}) {
                    JsonNode plan = RecordedStatements.analyze(jdbc, statement, generic);
                    String what = (generic ? "generic" : "custom") + " plan of " + statement.sql() + " "
                            + statement.params().values() + " for " + Arrays.asList(filter) + ":\n"
                            + plan.toPrettyString();
                    RecordedStatements.assertScansBounded(plan, "link_view", bound, what);
                }
            }
        }
    }

    /**
     * {@code links} links of one tenant (one in seven goes to another tenant), 20 s apart from {@link #T0}, in the
     * data-path benchmark's mix (4 in 10 created, 2 completed, one each opened, in progress, expired, revoked); a
     * third expire a minute after creation and are stored expired, as their deadlines recorded, except those of
     * the last half hour still created or opened (deadlines not fired yet: the stale links); the others have 30
     * days. ANALYZEd.
     */
    private static void seed(JdbcTemplate jdbc, int links) {
        String wouldBe = "CASE i % 10 WHEN 4 THEN 'opened' WHEN 5 THEN 'in_progress' WHEN 6 THEN 'completed'"
                + " WHEN 7 THEN 'completed' WHEN 8 THEN 'expired' WHEN 9 THEN 'revoked' ELSE 'created' END";
        String status = "CASE WHEN i % 3 = 0 AND i % 10 < 6 AND NOT (i > ? AND i % 10 < 5) THEN 'expired'"
                + " ELSE " + wouldBe + " END";
        jdbc.update("INSERT INTO link_view (link_id, partner_id, environment, reference_id, user_id, status, flow,"
                + " metadata, expires_at, created_at)"
                + " SELECT 'link_' || i, CASE WHEN i % 7 = 0 THEN 'other' ELSE 'acme' END,"
                + " CASE WHEN i % 7 = 0 THEN 'live' ELSE 'sandbox' END, 'ref-' || (i % 5000), 'user_' || (i % 5000),"
                + status + ", 'm2m-basic', '{}',"
                + " ? + i * INTERVAL '20 seconds' + CASE WHEN i % 3 = 0 THEN INTERVAL '1 minute'"
                + " ELSE INTERVAL '30 days' END, ? + i * INTERVAL '20 seconds'"
                + " FROM generate_series(1, ?) AS i",
                links - 90, ts(T0), ts(T0), links);
        jdbc.update("INSERT INTO link_count (partner_id, environment, status, n)"
                + " SELECT partner_id, environment, status, COUNT(*) FROM link_view GROUP BY 1, 2, 3");
        jdbc.execute("ANALYZE link_view");
        jdbc.execute("ANALYZE link_count");
    }

    /** The count the list had before the maintained totals: {@code COUNT(*)} with the effective-status conditions. */
    private static long countByOldDefinition(JdbcTemplate jdbc, String[] filter, Instant now) {
        LinkListQuery query = LinkListQuery.parse(filter[0], filter[1], filter[2], filter[3], filter[4], filter[5],
                filter[6]);
        return countByOldDefinition(jdbc, ACME, query, now);
    }

    static long countByOldDefinition(JdbcTemplate jdbc, Tenant tenant, LinkListQuery query, Instant now) {
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
            if (query.status().isActive()) {
                where.append(" AND l.status = ? AND l.expires_at > ?");
                args.add(query.status().wireName());
                args.add(ts(now));
            } else if (query.status() == com.m2m.domain.link.LinkStatus.EXPIRED) {
                where.append(" AND ").append(LinkViewProjection.expiredNowCondition("l"));
                args.add(ts(now));
            } else {
                where.append(" AND l.status = ?");
                args.add(query.status().wireName());
            }
        }
        if (query.visibility() != null) {
            where.append(" AND ").append(query.visibility() == LinkVisibility.ACTIVE
                    ? LinkViewProjection.activeNowCondition("l") : LinkViewProjection.expiredNowCondition("l"));
            args.add(ts(now));
        }
        if (query.referenceId() != null) {
            where.append(" AND l.reference_id = ?");
            args.add(query.referenceId());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM link_view l" + where, Long.class, args.toArray());
        return total == null ? 0 : total;
    }

    // ------------------------------------------------------------------ writes

    /** The link projections on a fresh H2 database, every statement they prepare recorded. */
    private static LinkProjections recordedOnH2(RecordedStatements recorded) {
        TestDatabase h2 = DATABASES.h2();
        JdbcTemplate jdbc = new JdbcTemplate(recorded.wrap(h2.jdbc().getDataSource()));
        return new LinkProjections(jdbc, new MutableClock(T0), "https://m2m.example");
    }

    /**
     * One create-link costs the link read model three statements (it was five: a COUNT(*) probe, the insert, the
     * timeline's duplicate check, a MAX(seq) scan and its insert): the row, the tenant's count, the first entry.
     */
    @Test
    void oneCreatedLinkIsOneInsertAndOneCountUpdateAndNoTimelineWrite() {
        RecordedStatements recorded = new RecordedStatements();
        LinkProjections links = recordedOnH2(recorded);
        links.on(new LinkCreatedEvent("link_acme_first0000001", "user_acme_8", "acme", Environment.SANDBOX, "ref-8",
                "th", new LinkOptions(Map.of(), null, null, null, null), T0.plusSeconds(3600), T0));
        recorded.take();

        links.on(new LinkCreatedEvent("link_acme_second000001", "user_acme_9", "acme", Environment.SANDBOX, "ref-9",
                "th", new LinkOptions(Map.of(), null, null, null, null), T0.plusSeconds(3600), T0.plusSeconds(1)));

        assertThat(recorded.take()).extracting(statement -> statement.sql().split(" ")[0] + " "
                        + statement.sql().split(" ")[statement.sql().startsWith("UPDATE") ? 1 : 2])
                .containsExactly("INSERT link_view", "UPDATE link_count");
        // the timeline's first entry is the link row itself: its time, expiry and flow
        List<LinkActivity> activity = links.activity(ACME, "link_acme_second000001");
        assertThat(activity).extracting(LinkActivity::type).containsExactly(LinkActivity.CREATED);
        assertThat(activity.get(0).at()).isEqualTo(T0.plusSeconds(1));
        assertThat(activity.get(0).details()).containsExactly(Map.entry("expiresAt", "2026-03-01T01:00:00.000Z"),
                Map.entry("flow", LinkOptions.DEFAULT_FLOW));
    }

    /**
     * An event both link projections handle writes the link row once: the status change; the timeline entry is
     * its own insert (its order is an identity, no counter on the link row to bump).
     */
    @Test
    void aLifecycleEventWritesTheLinkRowOnceAndAppendsOneEntry() {
        RecordedStatements recorded = new RecordedStatements();
        LinkProjections links = recordedOnH2(recorded);
        // A first link through the same statuses, so the tenant's count rows exist (the steady state).
        for (String linkId : List.of("link_acme_lifecycle0000", "link_acme_lifecycle0001")) {
            links.on(new LinkCreatedEvent(linkId, "user_acme_8", "acme", Environment.SANDBOX, "ref-8", "th",
                    new LinkOptions(Map.of(), null, null, null, null), T0.plusSeconds(3600), T0));
        }
        links.on(new LinkOpenedEvent("link_acme_lifecycle0000", "user_acme_8", "acme", Environment.SANDBOX, "ref-8",
                null, T0.plusSeconds(1)));
        links.on(new LinkRevokedEvent("link_acme_lifecycle0000", "user_acme_8", "acme", Environment.SANDBOX, "ref-8",
                "changed", T0.plusSeconds(2)));
        String linkId = "link_acme_lifecycle0001";

        for (Object event : List.of(
                new LinkOpenedEvent(linkId, "user_acme_8", "acme", Environment.SANDBOX, "ref-8", null,
                        T0.plusSeconds(1)),
                new LinkRevokedEvent(linkId, "user_acme_8", "acme", Environment.SANDBOX, "ref-8", "changed",
                        T0.plusSeconds(2)))) {
            recorded.take();
            links.on(event);
            assertThat(recorded.take()).as("statements of %s", event.getClass().getSimpleName())
                    .filteredOn(statement -> !statement.sql().startsWith("SELECT"))
                    .extracting(statement -> statement.sql().split(" ")[0] + " "
                            + statement.sql().split(" ")[statement.sql().startsWith("UPDATE") ? 1 : 2])
                    .containsExactly("UPDATE link_view", "UPDATE link_count", "INSERT link_activity");
        }
        assertThat(links.activity(ACME, linkId)).extracting(LinkActivity::type)
                .containsExactly(LinkActivity.CREATED, LinkActivity.OPENED, LinkActivity.REVOKED);
    }

    /** Entries numbered per link before the identity (V100_11) still come before every later entry of their link. */
    @Test
    void entriesNumberedPerLinkBeforeTheIdentityKeepTheirPlace() {
        TestDatabase h2 = DATABASES.h2();
        JdbcTemplate jdbc = h2.jdbc();
        LinkProjections links = new LinkProjections(jdbc, new MutableClock(T0), "https://m2m.example");
        String linkId = "link_acme_numbered00001";
        links.on(new LinkCreatedEvent(linkId, "user_acme_8", "acme", Environment.SANDBOX, "ref-8", "th",
                new LinkOptions(Map.of(), null, null, null, null), T0.plusSeconds(3600), T0));
        // As the counter left them: created = 1 (stored by earlier versions, now read from the link row), opened = 2.
        jdbc.update("INSERT INTO link_activity (link_id, seq, type, at, details) VALUES (?, 1, ?, ?, '{}')", linkId,
                LinkActivity.CREATED, ts(T0));
        jdbc.update("INSERT INTO link_activity (link_id, seq, type, at, details) VALUES (?, 2, ?, ?, '{}')", linkId,
                LinkActivity.OPENED, ts(T0.plusSeconds(1)));

        links.on(new LinkRevokedEvent(linkId, "user_acme_8", "acme", Environment.SANDBOX, "ref-8", "changed",
                T0.plusSeconds(2)));

        assertThat(links.activity(ACME, linkId)).extracting(LinkActivity::type)
                .containsExactly(LinkActivity.CREATED, LinkActivity.OPENED, LinkActivity.REVOKED);
    }

    // ------------------------------------------------------------------ totals

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void maintainedTotalsEqualCountAfterAMixedHistoryAndAReplay(String database) {
        JdbcTemplate jdbc = DATABASES.jdbc(database);
        MutableClock clock = new MutableClock(T0);
        LinkProjections links = new LinkProjections(jdbc, clock, "https://m2m.example");
        List<Object> history = history();
        history.forEach(links::on);
        // re-delivered events change nothing
        history.subList(0, 40).forEach(links::on);
        clock.set(T0.plus(Duration.ofMinutes(90)));
        assertTotalsMatch(jdbc, links, clock.instant());

        links.reset();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM link_count", Long.class)).isZero();
        history.forEach(links::on);
        assertTotalsMatch(jdbc, links, clock.instant());
        clock.set(T0.plus(Duration.ofDays(3)));
        assertTotalsMatch(jdbc, links, clock.instant());
    }

    /** Creates, opens, starts, completes, revokes and expires links of two tenants, interleaved. */
    private static List<Object> history() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Tenant tenant = i % 4 == 0 ? OTHER : ACME;
            String linkId = "link_" + tenant.partnerId() + "_" + String.format("%012d", i);
            String reference = "ref-" + (i % 7);
            String user = "user_" + tenant.partnerId() + "_" + (i % 7);
            Instant at = T0.plusSeconds(i * 60L);
            Duration lifetime = i % 5 == 0 ? Duration.ofMinutes(30) : Duration.ofHours(24);
            events.add(new LinkCreatedEvent(linkId, user, tenant.partnerId(), tenant.environment(), reference, "th",
                    new LinkOptions(Map.of(), null, null, null, null), at.plus(lifetime), at));
            switch (i % 6) {
                case 1 -> events.add(new LinkOpenedEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                        reference, null, at.plusSeconds(5)));
                case 2 -> {
                    events.add(new LinkOpenedEvent(linkId, user, tenant.partnerId(), tenant.environment(), reference,
                            null, at.plusSeconds(5)));
                    events.add(new LinkFlowStartedEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                            reference, at.plusSeconds(6)));
                    events.add(new LinkCompletedEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                            reference, "op_" + i, at.plusSeconds(9)));
                }
                case 3 -> events.add(new LinkRevokedEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                        reference, "done", at.plusSeconds(7)));
                case 4 -> events.add(new LinkFlowStartedEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                        reference, at.plusSeconds(6)));
                case 5 -> events.add(new LinkExpiredEvent(linkId, user, tenant.partnerId(), tenant.environment(),
                        reference, at.plusSeconds(8), at.plusSeconds(8)));
                default -> {
                }
            }
        }
        return events;
    }

    private static void assertTotalsMatch(JdbcTemplate jdbc, LinkProjections links, Instant now) {
        Map<String, Long> maintained = new TreeMap<>();
        jdbc.query("SELECT partner_id, environment, status, n FROM link_count WHERE n <> 0", rs -> {
            maintained.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
        });
        Map<String, Long> counted = new TreeMap<>();
        jdbc.query("SELECT partner_id, environment, status, COUNT(*) FROM link_view GROUP BY partner_id,"
                + " environment, status", rs -> {
            counted.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
        });
        assertThat(maintained).isEqualTo(counted).isNotEmpty();
        for (Tenant tenant : List.of(ACME, OTHER)) {
            for (String[] filter : FILTERS) {
                LinkListQuery query = LinkListQuery.parse(null, "5", filter[2], filter[3], filter[4], filter[5],
                        filter[6]);
                long expected = countByOldDefinition(jdbc, tenant, query, now);
                var page = links.list(tenant, query);
                assertThat(page.pagination().total()).as("%s %s", tenant, Arrays.asList(filter).toString())
                        .isEqualTo(expected);
                assertThat(page.items()).hasSize((int) Math.min(5, expected));
            }
        }
    }
}

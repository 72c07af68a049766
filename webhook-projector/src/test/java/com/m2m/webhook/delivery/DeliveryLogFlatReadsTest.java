package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.RecordedStatements;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flat reads of {@code GET /partner/webhooks/deliveries} (docs/performance.md, "Flat reads"): on PostgreSQL every
 * list filter reads {@code webhook_delivery} through an index (a page without a narrowing filter never sorts), no
 * filter, {@code status}, {@code event} and both take {@code pagination.total} from the maintained counts; on H2
 * and PostgreSQL those counts equal {@code COUNT(*)} after inserts, re-delivered inserts, retries, final results,
 * lost leases, replays and sandbox tests, and after concurrent final results on PostgreSQL.
 */
class DeliveryLogFlatReadsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Tenant ACME = new Tenant("acme", Environment.SANDBOX);
    private static final Tenant ACME_LIVE = new Tenant("acme", Environment.LIVE);
    private static final Tenant OTHER = new Tenant("other", Environment.SANDBOX);
    private static final Pattern READS_DELIVERIES = Pattern.compile("FROM webhook_delivery(\\s|$)");

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("webhook", ";DEFAULT_NULL_ORDERING=HIGH");

    private final MutableClock clock = new MutableClock(T0);
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private DeliveryStore store;
    private DeliveryQueries queries;

    /** The module's store and queries on {@code database} ("h2" or "postgres", a fresh schema with the migrations). */
    private void on(String database, RecordedStatements recorded) {
        dataSource = recorded.wrap(DATABASES.on(database));
        jdbc = new JdbcTemplate(dataSource);
        store = new DeliveryStore(jdbc, new DataSourceTransactionManager(dataSource));
        queries = new DeliveryQueries(jdbc, store, new WebhookEndpointProjection(jdbc, MasterKey.generate()), clock);
    }

    // ------------------------------------------------------------------ plans

    private static final String[][] FILTERS = {
            // status, event, linkId, referenceId, from, to, page, limit; from/to windows are two hours: a window is
            // counted by an index range over the window only (no maintained count knows an arbitrary window)
            {null, null, null, null, null, null, null, null},
            {null, null, null, null, null, null, "3", "50"},
            {"pending", null, null, null, null, null, null, null},
            {"delivered", null, null, null, null, null, null, null},
            {"failed", null, null, null, null, null, null, null},
            {null, "link.created", null, null, null, null, null, null},
            {"failed", "operation.completed", null, null, null, null, null, null},
            {null, null, "link_777", null, null, null, null, null},
            {null, null, null, "ref-77", null, null, null, null},
            {"delivered", "link.created", null, "ref-77", null, null, null, null},
            {null, null, null, null, "2026-03-02T00:00:00Z", "2026-03-02T02:00:00Z", null, null},
            {"pending", null, null, null, "2026-03-03T00:00:00Z", "2026-03-03T02:00:00Z", null, null},
    };

    @Test
    void everyListFilterReadsTheLogThroughAnIndexAndTheUnnarrowedOnesCountNothingOnPostgres() {
        RecordedStatements recorded = new RecordedStatements();
        on("postgres", recorded);
        seed(20_000);

        for (String[] filter : FILTERS) {
            String what = Arrays.asList(filter).toString();
            DeliveryListQuery query = DeliveryListQuery.parse(filter[0], filter[1], filter[2], filter[3], filter[4],
                    filter[5], filter[6], filter[7]);
            recorded.take();
            long total = queries.list(ACME, query).pagination().total();
            List<RecordedStatements.Recorded> issued = recorded.take();

            assertThat(total).as("total of %s", what).isEqualTo(countAll(query));
            boolean narrowed = filter[2] != null || filter[3] != null || filter[4] != null;
            List<RecordedStatements.Recorded> reads = issued.stream()
                    .filter(s -> READS_DELIVERIES.matcher(s.sql()).find()).toList();
            assertThat(reads).as("statements reading webhook_delivery for %s", what).isNotEmpty();
            for (RecordedStatements.Recorded statement : reads) {
                String plan = RecordedStatements.explain(jdbc, statement);
                String description = "plan of " + statement.sql() + " for " + what + ":\n" + plan;
                assertThat(plan).as(description).doesNotContainPattern("Seq Scan on webhook_delivery\\s")
                        .containsPattern("(using|Bitmap Index Scan on) webhook_delivery_\\w+_idx");
                if (!narrowed) {
                    assertThat(statement.sql()).as("only the page reads the log for %s", what)
                            .doesNotContain("COUNT(");
                    assertThat(plan).as(description).doesNotContain("Sort");
                }
            }
        }
    }

    /** {@code GET /partner/webhooks/stats}: the pending total from the counts, the oldest from the status index. */
    @Test
    void theBacklogReadsTheCountsAndOneIndexEntryOnPostgres() {
        RecordedStatements recorded = new RecordedStatements();
        on("postgres", recorded);
        seed(20_000);

        recorded.take();
        Backlog backlog = store.backlog(ACME.partnerId(), ACME.environment(), T0.plus(Duration.ofDays(10)));
        List<RecordedStatements.Recorded> issued = recorded.take();

        assertThat(backlog.pending()).isEqualTo(countAll(DeliveryListQuery.parse("pending", null, null, null)));
        assertThat(issued).hasSize(1);
        String plan = RecordedStatements.explain(jdbc, issued.get(0));
        assertThat(plan).as(plan).doesNotContainPattern("Seq Scan on webhook_delivery\\s")
                .contains("webhook_delivery_backlog_seq_idx");
    }

    /**
     * 20k deliveries of one tenant (plus another), 20 s apart (about 4.6 days), four per link, forty per user,
     * every status and event type; counts as the migration derives them; ANALYZEd so the planner is honest.
     */
    private void seed(int deliveries) {
        jdbc.update("INSERT INTO webhook_delivery (delivery_id, webhook_id, partner_id, environment, event_type,"
                + " ordering_key, body, status, attempts, budget_start, next_attempt_at, created_at, link_id,"
                + " reference_id)"
                + " SELECT 'dlv_' || i, 'evt_' || i, CASE WHEN i % 10 = 0 THEN 'other' ELSE 'acme' END, 'sandbox',"
                + " (ARRAY['link.created','link.opened','link.completed','operation.created',"
                + "'operation.completed'])[1 + (i % 5)], 'link_' || (i / 4), '{}',"
                + " (ARRAY['delivered','delivered','delivered','failed','pending'])[1 + ((i / 3) % 5)], 1, 0,"
                + " TIMESTAMPTZ '2026-03-01 00:00:00+00' + i * INTERVAL '20 seconds',"
                + " TIMESTAMPTZ '2026-03-01 00:00:00+00' + i * INTERVAL '20 seconds',"
                + " 'link_' || (i / 4), 'ref-' || (i / 40) FROM generate_series(1, ?) i", deliveries);
        jdbc.update("INSERT INTO webhook_delivery_count (partner_id, environment, status, event_type, n)"
                + " SELECT partner_id, environment, status, event_type, COUNT(*) FROM webhook_delivery"
                + " GROUP BY partner_id, environment, status, event_type");
        jdbc.execute("ANALYZE webhook_delivery");
        jdbc.execute("ANALYZE webhook_delivery_count");
    }

    private static void andEquals(StringBuilder sql, List<Object> args, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    /** The total as the list counted it before the counts were maintained: every matching row. */
    private long countAll(DeliveryListQuery query) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM webhook_delivery"
                + " WHERE partner_id = 'acme' AND environment = 'sandbox'");
        List<Object> args = new ArrayList<>();
        andEquals(sql, args, "status", query.status());
        andEquals(sql, args, "event_type", query.event());
        andEquals(sql, args, "link_id", query.linkId());
        andEquals(sql, args, "reference_id", query.referenceId());
        if (query.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(com.m2m.webhook.common.Db.ts(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND ").append(query.to().upperBoundSql("created_at"));
            args.add(com.m2m.webhook.common.Db.ts(query.to().at()));
        }
        Long count = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    // ------------------------------------------------------------------ totals

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void maintainedTotalsEqualCountAfterAMixedHistory(String database) {
        on(database, new RecordedStatements());
        List<String> acme = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acme.add(add(ACME, i % 2 == 0 ? "link.created" : "operation.completed", "link_" + (i / 2)));
        }
        String live = add(ACME_LIVE, "link.created", "link_live");
        String other = add(OTHER, "link.revoked", "link_other");

        // A re-delivered event: same webhook id, nothing written, nothing counted.
        String webhookId = jdbc.queryForObject("SELECT webhook_id FROM webhook_delivery WHERE delivery_id = ?",
                String.class, acme.get(0));
        assertThat(store.insertIfAbsent(delivery(ACME, WebhookIds.newDeliveryId(), webhookId, "link.created",
                "link_0"))).isFalse();

        // Delivered; the same claim recording again (lease lost) changes nothing.
        ClaimedDelivery first = claim(acme.get(0));
        assertThat(complete(first, DeliveryStatus.DELIVERED)).isTrue();
        assertThat(complete(first, DeliveryStatus.DELIVERED)).isFalse();
        // A retry stays pending; a final failure moves.
        assertThat(complete(claim(acme.get(1)), DeliveryStatus.PENDING)).isTrue();
        assertThat(complete(claim(acme.get(2)), DeliveryStatus.FAILED)).isTrue();
        assertThat(complete(claim(other), DeliveryStatus.FAILED)).isTrue();
        assertThat(complete(claim(live), DeliveryStatus.DELIVERED)).isTrue();
        assertTotalsExact();

        // Replays: delivered → pending, pending → pending, failed → pending; one in flight is refused, unchanged.
        queries.replay(ACME, acme.get(0));
        queries.replay(ACME, acme.get(0));
        queries.replay(ACME, acme.get(2));
        queries.replay(OTHER, other);
        claim(acme.get(3));
        assertThatThrownBy(() -> queries.replay(ACME, acme.get(3))).isInstanceOf(InvalidStateException.class);
        assertTotalsExact();

        // Delivered again after the replay, then a sandbox test delivery (inserted leased) that fails.
        clock.advance(Duration.ofSeconds(1));
        assertThat(complete(claim(acme.get(0)), DeliveryStatus.DELIVERED)).isTrue();
        String sandbox = WebhookIds.newDeliveryId();
        ClaimedDelivery test = store.insertClaimed(delivery(ACME, sandbox, WebhookIds.newWebhookId(), "link.created",
                null), "sandbox-test", clock.instant().plusSeconds(30));
        assertThat(complete(test, DeliveryStatus.FAILED)).isTrue();
        assertTotalsExact();
    }

    /**
     * Attempts of one tenant recorded at the same moment, on PostgreSQL (a connection each, as the dispatcher's
     * workers do): every result is recorded and the totals stay exact. Such transactions move the same totals' rows
     * and PostgreSQL may roll one back as a deadlock's victim (seen in the webhook benchmark); the store runs it
     * again.
     */
    @Test
    void concurrentFinalResultsOfOneTenantAreAllRecordedAndCountedOnPostgres() throws Exception {
        DataSource connections = DATABASES.postgresConnections();
        jdbc = new JdbcTemplate(connections);
        store = new DeliveryStore(jdbc, new DataSourceTransactionManager(connections));
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            claimed.add(claim(add(ACME, "link.created", "link_" + i)));
        }

        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < claimed.size(); i++) {
                // Half delivered, half failed: the tenant's pending total is moved from by both at once.
                ClaimedDelivery delivery = claimed.get(i);
                DeliveryStatus status = i % 2 == 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED;
                results.add(workers.submit(() -> complete(delivery, status)));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).as("every result recorded").isTrue();
            }
        } finally {
            workers.shutdown();
        }
        for (String status : List.of("pending", "delivered", "failed")) {
            assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(n), 0) FROM webhook_delivery_count"
                    + " WHERE partner_id = 'acme' AND status = ?", Long.class, status)).as(status)
                    .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE partner_id = 'acme'"
                            + " AND status = ?", Long.class, status));
        }
    }

    private void assertTotalsExact() {
        for (Tenant tenant : List.of(ACME, ACME_LIVE, OTHER)) {
            for (String status : Arrays.asList(null, "pending", "delivered", "failed")) {
                for (String event : Arrays.asList(null, "link.created", "operation.completed", "link.revoked",
                        "user.cip_failed")) {
                    String what = tenant + " " + status + " " + event;
                    Long counted = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE partner_id = ?"
                                    + " AND environment = ? AND (CAST(? AS VARCHAR) IS NULL OR status = ?)"
                                    + " AND (CAST(? AS VARCHAR) IS NULL OR event_type = ?)", Long.class,
                            tenant.partnerId(), tenant.environment().wireName(), status, status, event, event);
                    long total = queries.list(tenant, DeliveryListQuery.parse(status, event, null, null))
                            .pagination().total();
                    assertThat(total).as(what).isEqualTo(counted);
                }
            }
        }
        for (Tenant tenant : List.of(ACME, ACME_LIVE, OTHER)) {
            assertThat(store.backlog(tenant.partnerId(), tenant.environment(), clock.instant()).pending())
                    .as("backlog of %s", tenant).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery"
                            + " WHERE partner_id = ? AND environment = ? AND status = 'pending'", Long.class,
                            tenant.partnerId(), tenant.environment().wireName()));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery_count WHERE n < 0", Long.class))
                .isZero();
    }

    private String add(Tenant tenant, String event, String linkId) {
        String id = WebhookIds.newDeliveryId();
        assertThat(store.insertIfAbsent(delivery(tenant, id, WebhookIds.newWebhookId(), event, linkId))).isTrue();
        return id;
    }

    private NewDelivery delivery(Tenant tenant, String id, String webhookId, String event, String linkId) {
        return new NewDelivery(id, webhookId, tenant.partnerId(), tenant.environment(), event,
                linkId == null ? id : linkId, null, "{}", clock.instant(), clock.instant(), linkId, "ref-1");
    }

    private ClaimedDelivery claim(String id) {
        return store.claim(id, "node-" + UUID.randomUUID(), clock.instant().plusSeconds(30), clock.instant())
                .orElseThrow();
    }

    private boolean complete(ClaimedDelivery delivery, DeliveryStatus status) {
        Instant next = status == DeliveryStatus.PENDING ? clock.instant().plusSeconds(1) : null;
        return store.complete(delivery, clock.instant(), AttemptOutcome.http(
                        status == DeliveryStatus.DELIVERED ? 200 : 500, 3),
                new RetryPolicy.Decision(status, next));
    }
}

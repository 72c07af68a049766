package com.m2m.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.RecordedStatements;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's claim query under a deep backlog (docs/performance.md, "Webhooks"): it returns each target's first
 * claimable deliveries up to its free slots, round the targets, and on PostgreSQL reads rows bounded by those slots,
 * not by the backlog. The query it replaced ranked every due delivery of every target and, with 2,000 due, took
 * ~320 ms a call: the dispatcher's ceiling near 55 deliveries a second.
 */
class ClaimReadsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofHours(1));
    private static final TargetKey ACME = new TargetKey("acme", Environment.SANDBOX);
    private static final TargetKey GLOBEX = new TargetKey("globex", Environment.SANDBOX);
    private static final int ACME_LINKS = 1_000;
    private static final int GLOBEX_LINKS = 1_000;
    /** Acme's first links have their first event in flight on another node: both their events are not claimable. */
    private static final int LEASED_LINKS = 10;
    /** Hooli's endpoint is down: each link's first event failed and waits for its retry, two more behind it. */
    private static final int HOOLI_LINKS = 300;
    private static final int MAX_PER_TARGET = 32;
    private static final int ACME_BUSY = 4;
    /** Acme's links delivered before the backlog (and before the last ANALYZE). */
    private static final int DELIVERED_LINKS = 2_000;

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("webhook", ";DEFAULT_NULL_ORDERING=HIGH");

    private JdbcTemplate jdbc;
    private DeliveryStore store;
    private DataSourceTransactionManager transactions;

    private void on(String database, RecordedStatements recorded) {
        DataSource dataSource = recorded.wrap(DATABASES.on(database));
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        store = new DeliveryStore(jdbc, transactions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eachTargetOffersItsFirstClaimableDeliveriesUpToItsFreeSlotsRoundTheTargets(String database) {
        on(database, new RecordedStatements());
        seed();

        List<DueDelivery> due = claimable();

        Map<TargetKey, List<String>> byTarget = due.stream().collect(Collectors.groupingBy(DueDelivery::target,
                Collectors.mapping(DueDelivery::deliveryId, Collectors.toList())));
        assertThat(byTarget.keySet()).as("initech's only delivery and all of hooli's wait for a retry")
                .containsOnly(ACME, GLOBEX);
        assertThat(byTarget.get(ACME)).as("acme: its free slots, the first event of the first unleased links")
                .containsExactlyElementsOf(firstEvents("acme", LEASED_LINKS, MAX_PER_TARGET - ACME_BUSY));
        assertThat(byTarget.get(GLOBEX)).as("globex: all its slots, oldest first")
                .containsExactlyElementsOf(firstEvents("globex", 0, MAX_PER_TARGET));
        assertThat(due.subList(0, 2)).extracting(DueDelivery::target).as("round the targets")
                .containsExactlyInAnyOrder(ACME, GLOBEX);
        assertThat(store.findClaimable(NOW, "node-a", Map.of(ACME, MAX_PER_TARGET), MAX_PER_TARGET, 200))
                .extracting(DueDelivery::target).as("a target at its limit offers nothing").containsOnly(GLOBEX);
        assertThat(store.findClaimable(NOW, "node-a", Map.of(), MAX_PER_TARGET, 5)).hasSize(5);
    }

    @Test
    void theClaimReadsRowsBoundedByTheFreeSlotsNotByTheBacklogOnPostgres() throws Exception {
        RecordedStatements recorded = new RecordedStatements();
        on("postgres", recorded);
        seed();
        jdbc.execute("ANALYZE webhook_delivery");
        jdbc.execute("ANALYZE webhook_delivery_count");

        List<RecordedStatements.Recorded> moves = recorded.take().stream()
                .filter(s -> s.sql().startsWith("UPDATE webhook_delivery SET next_attempt_at")).limit(1).toList();
        RecordedStatements.assertIndexed(jdbc, moves, "webhook_delivery",
                "moving a retried delivery's later events to its retry time (along its link's index)", s -> false);
        assertThat(claimable()).hasSize(MAX_PER_TARGET - ACME_BUSY + MAX_PER_TARGET);
        List<RecordedStatements.Recorded> issued = recorded.take();

        // Acme's scan passes over its leased links' two events and one later event per offered link; the
        // order check reads at most one earlier event per row scanned. Hooli's 600 events waiting behind a
        // retry are not in its due range at all.
        long bound = 2L * (LEASED_LINKS + MAX_PER_TARGET) + 2;
        List<RecordedStatements.Recorded> reads = issued.stream()
                .filter(s -> s.sql().contains("FROM webhook_delivery d")).toList();
        assertThat(reads).as("one statement asks every target").hasSize(1);
        assertBoundedInBothPlans(reads.get(0), bound, "the claim");

        // A new event of a link whose first event is in backoff gets that retry time, found along its link's rows
        // (three), not by reading the partner's 900 pending ones.
        store.insertIfAbsent(new NewDelivery("dlv_hooli_0_4", "evt_hooli_0_4", "hooli", Environment.SANDBOX,
                "link.expired", "link_0", null, "{}", NOW, NOW));
        assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM webhook_delivery WHERE delivery_id = ?",
                Timestamp.class, "dlv_hooli_0_4").toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        List<RecordedStatements.Recorded> inserts = recorded.take().stream()
                .filter(s -> s.sql().startsWith("INSERT INTO webhook_delivery ")).toList();
        assertThat(inserts).hasSize(1);
        assertBoundedInBothPlans(inserts.get(0), 4, "the insert");
    }

    /**
     * The statistics PostgreSQL plans with are those of its last ANALYZE: on a busy partner, taken while nearly every
     * row had been delivered, they say that almost nothing is pending. The order check must still look up the
     * earlier events of each scanned row's link along its link's index, not re-read the partner's rows for each
     * (the webhook benchmark found a claim reading 54,000 buffers that way, 78 ms, at 100 links/s).
     */
    @Test
    void theClaimStaysBoundedWhenTheStatisticsSayNothingIsPending() throws Exception {
        RecordedStatements recorded = new RecordedStatements();
        on("postgres", recorded);
        List<Object[]> delivered = new ArrayList<>();
        for (int link = 0; link < DELIVERED_LINKS; link++) {
            for (int event = 1; event <= 2; event++) {
                Object[] row = row("acme", ACME_LINKS + link, event, link * 2 + event, null);
                delivered.add(row);
            }
        }
        jdbc.batchUpdate("INSERT INTO webhook_delivery (delivery_id, webhook_id, partner_id, environment, event_type,"
                + " ordering_key, body, status, attempts, budget_start, next_attempt_at, created_at, lease_owner,"
                + " lease_until, lease_node) VALUES (?, ?, ?, 'sandbox', ?, ?, '{}', 'delivered', 1, 0, ?, ?, ?, ?,"
                + " ?)", delivered);
        jdbc.execute("ANALYZE webhook_delivery");
        seed();

        // Hooli's failed first events moved their links' later events to the retry time along each link's rows.
        RecordedStatements.Recorded move = recorded.take().stream()
                .filter(s -> s.sql().startsWith("UPDATE webhook_delivery SET next_attempt_at")).findFirst()
                .orElseThrow();
        assertBoundedInBothPlans(move, 4, "the move, stale statistics");

        assertThat(claimable()).hasSize(MAX_PER_TARGET - ACME_BUSY + MAX_PER_TARGET);
        List<RecordedStatements.Recorded> reads = recorded.take().stream()
                .filter(s -> s.sql().contains("FROM webhook_delivery d")).toList();
        // As above, except that each row's order check may read all its link's pending events (two) instead of
        // stopping at the first: the 54,000 rows of the plan this guards against are far beyond either bound.
        long bound = 2 * (2L * (LEASED_LINKS + MAX_PER_TARGET) + 2);
        assertBoundedInBothPlans(reads.get(0), bound, "the claim, stale statistics");

        // The claiming statement checks the order again for the deliveries it leases, the same way. Run in a
        // transaction rolled back, so that the plan below finds them unleased as the claim did.
        List<String> wanted = claimable().stream().map(DueDelivery::deliveryId).limit(16).toList();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            assertThat(store.claimAll(wanted, "node-a", "owner-a", NOW.plus(Duration.ofMinutes(1)), NOW))
                    .hasSize(16);
            status.setRollbackOnly();
        });
        RecordedStatements.Recorded claim = recorded.take().stream()
                .filter(s -> s.sql().startsWith("UPDATE webhook_delivery SET lease_owner")).findFirst().orElseThrow();
        assertBoundedInBothPlans(claim, 4 * 16, "the claiming update, stale statistics");

        // The insert's look at its link's pending events: along the link's key too, not the partner's pending rows.
        store.insertIfAbsent(new NewDelivery("dlv_acme_500_3", "evt_acme_500_3", "acme", Environment.SANDBOX,
                "link.expired", "link_500", null, "{}", NOW, NOW));
        List<RecordedStatements.Recorded> inserts = recorded.take().stream()
                .filter(s -> s.sql().startsWith("INSERT INTO webhook_delivery ")).toList();
        assertThat(inserts).hasSize(1);
        assertBoundedInBothPlans(inserts.get(0), 4, "the insert, stale statistics");
    }

    /** {@code statement}'s custom and generic plans each read at most {@code bound} rows of the table. */
    private void assertBoundedInBothPlans(RecordedStatements.Recorded statement, long bound, String what)
            throws Exception {
        for (boolean generic : new boolean[]{false, true}) {
            JsonNode plan = RecordedStatements.analyze(jdbc, statement, generic);
            RecordedStatements.assertScansBounded(plan, "webhook_delivery", bound,
                    what + ", " + (generic ? "generic" : "custom") + " plan:\n" + plan.toPrettyString());
        }
    }

    private List<DueDelivery> claimable() {
        return store.findClaimable(NOW, "node-a", Map.of(ACME, ACME_BUSY), MAX_PER_TARGET, 200);
    }

    /** The ids of the first event of {@code count} links of {@code partner} from link {@code from} on. */
    private static List<String> firstEvents(String partner, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int link = from; link < from + count; link++) {
            ids.add(id(partner, link, 1));
        }
        return ids;
    }

    private static String id(String partner, int link, int event) {
        return "dlv_" + partner + "_" + link + "_" + event;
    }

    /**
     * Acme: 1,000 links with two due events each (2,000 due, interleaved as the outbox writes them), the first ten
     * links' first event leased by a live attempt; globex: 1,000 links, one event each; hooli: 300 links of three
     * events whose first failed (through the store, as the dispatcher records it) and is retried in an hour;
     * initech: one delivery waiting for a retry an hour from now. The totals as the outbox keeps them.
     */
    private void seed() {
        jdbc.update("INSERT INTO webhook_node (node_id, seen_at) VALUES ('node-b', ?)", Timestamp.from(NOW));
        List<Object[]> rows = new ArrayList<>();
        int order = 0;
        for (int link = 0; link < ACME_LINKS; link++) {
            String lease = link < LEASED_LINKS ? "node-b" : null;
            rows.add(row("acme", link, 1, order++, lease));
            rows.add(row("acme", link, 2, order++, null));
        }
        for (int link = 0; link < GLOBEX_LINKS; link++) {
            rows.add(row("globex", link, 1, order++, null));
        }
        for (int link = 0; link < HOOLI_LINKS; link++) {
            for (int event = 1; event <= 3; event++) {
                rows.add(row("hooli", link, event, order++, null));
            }
        }
        Object[] retrying = row("initech", 0, 1, order, null);
        retrying[5] = Timestamp.from(NOW.plus(Duration.ofHours(1)));
        rows.add(retrying);
        jdbc.batchUpdate("INSERT INTO webhook_delivery (delivery_id, webhook_id, partner_id, environment, event_type,"
                + " ordering_key, body, status, attempts, budget_start, next_attempt_at, created_at, lease_owner,"
                + " lease_until, lease_node) VALUES (?, ?, ?, 'sandbox', ?, ?, '{}', 'pending', 0, 0, ?, ?, ?, ?, ?)",
                rows);
        jdbc.update("INSERT INTO webhook_delivery_count (partner_id, environment, status, event_type, n)"
                + " SELECT partner_id, environment, status, event_type, COUNT(*) FROM webhook_delivery"
                + " GROUP BY partner_id, environment, status, event_type");
        assertThat(Set.copyOf(jdbc.queryForList("SELECT DISTINCT partner_id FROM webhook_delivery_count",
                String.class))).containsExactlyInAnyOrder("acme", "globex", "hooli", "initech");
        failFirstEventsOfHooli();
    }

    /** Each of hooli's first events attempted and recorded as failed, to be retried in an hour. */
    private void failFirstEventsOfHooli() {
        List<ClaimedDelivery> attempts = store.claimAll(firstEvents("hooli", 0, HOOLI_LINKS), "node-a", "owner-a",
                NOW.plus(Duration.ofMinutes(1)), NOW);
        assertThat(attempts).hasSize(HOOLI_LINKS);
        RetryPolicy.Decision retry = new RetryPolicy.Decision(DeliveryStatus.PENDING, NOW.plus(Duration.ofHours(1)));
        for (ClaimedDelivery attempt : attempts) {
            assertThat(store.complete(attempt, NOW, AttemptOutcome.http(500, 5), retry)).isTrue();
        }
    }

    private static Object[] row(String partner, int link, int event, int order, String leaseNode) {
        Timestamp at = Timestamp.from(T0.plusMillis(order));
        Timestamp leaseUntil = leaseNode == null ? null : Timestamp.from(NOW.plus(Duration.ofMinutes(1)));
        return new Object[]{id(partner, link, event), "evt_" + partner + "_" + link + "_" + event, partner,
                event == 1 ? "link.created" : "user.data_request", "link_" + link, at, at,
                leaseNode == null ? null : "owner-b", leaseUntil, leaseNode};
    }
}

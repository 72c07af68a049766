package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.TestDatabase;
import com.m2m.webhook.common.WebhookIds;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attempts of one tenant recorded at the same moment, on PostgreSQL (a connection each, as the dispatcher's
 * workers do): every result is recorded and the totals stay exact. Such transactions move the same totals' rows and
 * PostgreSQL may roll one back as a deadlock's victim (seen in the webhook benchmark); the store runs it again.
 */
class DeliveryCountsConcurrencyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int DELIVERIES = 400;
    private static final int WORKERS = 8;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void concurrentFinalResultsOfOneTenantAreAllRecordedAndCounted() throws Exception {
        String schema = "counts_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE SCHEMA " + schema);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
        new ResourceDatabasePopulator(TestDatabase.migrations("webhook")).execute(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DeliveryStore store = new DeliveryStore(jdbc, new DataSourceTransactionManager(dataSource));
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String id = WebhookIds.newDeliveryId();
            store.insertIfAbsent(new NewDelivery(id, WebhookIds.newWebhookId(), "acme", Environment.SANDBOX,
                    "link.created", "link_" + i, null, "{}", T0, T0, "link_" + i, "ref-" + i));
            claimed.add(store.claim(id, "node-" + i, T0.plusSeconds(60), T0).orElseThrow());
        }

        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (ClaimedDelivery delivery : claimed) {
                // Half delivered, half failed: both rows of the tenant's pending total are moved from at once.
                DeliveryStatus status = delivery.deliveryId().hashCode() % 2 == 0 ? DeliveryStatus.DELIVERED
                        : DeliveryStatus.FAILED;
                results.add(workers.submit((Callable<Boolean>) () -> store.complete(delivery, T0,
                        AttemptOutcome.http(status == DeliveryStatus.DELIVERED ? 200 : 500, 1),
                        new RetryPolicy.Decision(status, null))));
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
}

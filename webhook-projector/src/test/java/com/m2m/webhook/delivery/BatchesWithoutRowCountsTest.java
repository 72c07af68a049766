package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.TestDatabases;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.outbox.OutboxContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's JDBC batches on a PostgreSQL driver that reports no row counts for them ({@code reWriteBatchedInserts},
 * a common setting of an operator's PostgreSQL URL): what was written is still known, so the totals count every
 * delivery written and none left out as a duplicate, and an active link assigned to a user saved earlier applies.
 */
class BatchesWithoutRowCountsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("webhook", ";DEFAULT_NULL_ORDERING=HIGH");

    private final DriverManagerDataSource dataSource = rewritingBatches();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transactions = new TransactionTemplate(
            new DataSourceTransactionManager(dataSource));

    private static DriverManagerDataSource rewritingBatches() {
        DriverManagerDataSource migrated = (DriverManagerDataSource) DATABASES.postgresConnections();
        return new DriverManagerDataSource(migrated.getUrl() + "&reWriteBatchedInserts=true");
    }

    @Test
    void theDriverReportsNoRowCountsHere() {
        int[] counts = jdbc.batchUpdate("INSERT INTO webhook_node (node_id, seen_at) VALUES (?, ?)",
                List.of(new Object[]{"a", Timestamp.from(NOW)}, new Object[]{"b", Timestamp.from(NOW)}));
        assertThat(counts).as("what the fallbacks are for").containsOnly(java.sql.Statement.SUCCESS_NO_INFO);
    }

    @Test
    void aBatchOfDeliveriesIsCountedAsWritten() {
        DeliveryStore store = new DeliveryStore(jdbc, transactions.getTransactionManager());
        assertThat(store.insertIfAbsent(delivery("evt_1"))).isTrue();

        assertThat(store.insertAllIfAbsent(List.of(delivery("evt_2"), delivery("evt_1"), delivery("evt_3"))))
                .containsExactly(true, false, true);
        assertThat(store.backlog("acme", Environment.SANDBOX, NOW).pending()).isEqualTo(3);
    }

    @Test
    void anAssignmentToAUserSavedEarlierApplies() {
        OutboxContexts contexts = new OutboxContexts(jdbc);
        UserCreatedEvent created = new UserCreatedEvent("user_acme_1", "acme", Environment.SANDBOX, "ref-1",
                List.of(UserField.DOB), NOW);
        transactions.executeWithoutResult(status -> contexts.saveUser(created));
        transactions.executeWithoutResult(status -> {
            contexts.saveUser(created);
            contexts.assignActiveLink(new ActiveLinkAssignedEvent("user_acme_1", "link_acme_1", NOW, NOW));
        });
        assertThat(contexts.findUser("user_acme_1").orElseThrow().activeLinkId()).isEqualTo("link_acme_1");
    }

    private static NewDelivery delivery(String webhookId) {
        return new NewDelivery(WebhookIds.newDeliveryId(), webhookId, "acme", Environment.SANDBOX, "link.created",
                "link_" + webhookId, null, "{}", NOW, NOW);
    }
}

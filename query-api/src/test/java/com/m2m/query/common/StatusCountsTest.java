package com.m2m.query.common;

import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.Pause;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintained totals are written just before the commit of the transaction that changed them: with its other
 * writes or not at all, and without holding the tenant's row for the rest of that transaction.
 */
class StatusCountsTest {

    private static final Environment SANDBOX = Environment.SANDBOX;

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("query");

    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private StatusCounts counts;

    private void on(String database) {
        on(DATABASES.on(database));
    }

    private void on(DataSource dataSource) {
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        counts = new StatusCounts(JdbcClient.create(jdbc), "link_count");
    }

    private void withThreeCreatedOn(String database) {
        on(database);
        counts.add("acme", SANDBOX, "created", 3);
    }

    /** One transaction that counts one more created link, moves it to opened, then does {@code andThen}. */
    private void inATransactionOneCreatedAndOneOpened(Consumer<TransactionStatus> andThen) {
        transactions.executeWithoutResult(status -> {
            counts.add("acme", SANDBOX, "created", 1);
            counts.move("acme", SANDBOX, "created", "opened");
            andThen.accept(status);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aTransactionsChangesAreSummedAndWrittenAtItsCommit(String database) {
        withThreeCreatedOn(database);

        inATransactionOneCreatedAndOneOpened(status -> {
            counts.move("acme", SANDBOX, "opened", "completed");
            counts.add("globex", SANDBOX, "created", 2);
            assertThat(counts.byStatus("acme", SANDBOX)).as("nothing written before the commit")
                    .isEqualTo(Map.of("created", 3L));
        });

        assertThat(counts.byStatus("acme", SANDBOX)).isEqualTo(Map.of("created", 3L, "completed", 1L));
        assertThat(counts.byStatus("globex", SANDBOX)).isEqualTo(Map.of("created", 2L));

        transactions.executeWithoutResult(status -> counts.move("acme", SANDBOX, "created", "opened"));
        assertThat(counts.byStatus("acme", SANDBOX)).as("a move to a status the tenant had no row for")
                .isEqualTo(Map.of("created", 2L, "opened", 1L, "completed", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRolledBackTransactionChangesNothing(String database) {
        withThreeCreatedOn(database);

        inATransactionOneCreatedAndOneOpened(TransactionStatus::setRollbackOnly);

        assertThat(counts.byStatus("acme", SANDBOX)).isEqualTo(Map.of("created", 3L));
        transactions.executeWithoutResult(status -> counts.add("acme", SANDBOX, "created", 1));
        assertThat(counts.byStatus("acme", SANDBOX)).as("the next transaction starts afresh")
                .isEqualTo(Map.of("created", 4L));
    }

    /**
     * The create link case: while one transaction that counted a link of the tenant is still open (its other
     * projections, the event store append), another one counts and commits without waiting on the tenant's row
     * ({@code lock_timeout} fails it if it waits).
     */
    @Test
    void anOpenTransactionDoesNotHoldTheTenantsCountOnPostgres() throws Exception {
        on(DATABASES.postgresConnections());
        counts.add("acme", SANDBOX, "created", 1);
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch otherCommitted = new CountDownLatch(1);

        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            counts.add("acme", SANDBOX, "created", 1);
            counted.countDown();
            Pause.until(otherCommitted);
        }));
        Pause.until(counted);
        transactions.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL lock_timeout = '2s'");
            counts.add("acme", SANDBOX, "created", 1);
        });
        otherCommitted.countDown();
        open.get(30, TimeUnit.SECONDS);

        assertThat(counts.byStatus("acme", SANDBOX)).isEqualTo(Map.of("created", 3L));
    }
}

package com.m2m.app.cluster;

import com.m2m.app.ApiClient;
import com.m2m.app.DataSourceWrapping;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.testing.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caught-up, idle node costs its PostgreSQL (docs/operations.md "Idle cost"): every statement the platform
 * sends is counted by a wrapper around its DataSource, over a short fixed window once the streaming processor has
 * caught up. Expected, per node: the event store's tail (1/s), the webhook dispatcher's safety-net poll (1/s),
 * db-scheduler's poll (1 per 5 s), the outbox processor's claim extension (1 per 10 s), the dispatcher's heartbeat
 * (1 per 10 s); rows written: the claim and the heartbeat, about 12 a minute.
 */
@PlatformTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IdleCostTest {

    static final EmbeddedPostgres POSTGRES = TestDatabases.untilJvmExit();
    static final Duration WINDOW = Duration.ofSeconds(6);
    /** "A handful per second": about 2.5/s expected; twice that as margin. */
    static final double MAX_STATEMENTS_PER_SECOND = 5;
    /** "A few rows a minute": about 12/min expected; the window may catch one extra claim or heartbeat. */
    static final double MAX_ROWS_PER_MINUTE = 40;

    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong ROWS_WRITTEN = new AtomicLong();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestDatabases.registerDataSource(registry, POSTGRES);
        registry.add("m2m.privacy.master-key", () -> MasterKey.generate().toBase64());
    }

    @TestConfiguration
    static class CountStatements {
        @Bean
        static BeanPostProcessor statementCounter() {
            return DataSourceWrapping.everyDataSource(IdleCostTest::counting);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aCaughtUpNodeIssuesAHandfulOfStatementsPerSecondAndWritesAFewRowsAMinute() {
        ApiClient api = new ApiClient(port);
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("idle"));
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/partner/links", "{\"referenceId\":\"idle-" + i + "\"}").key(key).send().status())
                    .isEqualTo(201);
        }
        StreamingEventProcessor outbox = processing
                .eventProcessor("webhook-outbox", StreamingEventProcessor.class).orElseThrow();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!outbox.processingStatus().values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState())
                || outbox.processingStatus().isEmpty()) {
            assertThat(Instant.now()).as("outbox processor caught up").isBefore(deadline);
            ClusterNode.sleep(100);
        }
        ClusterNode.sleep(1000); // let the last batch's commit and its wake-ups settle before the window opens

        assertThat(ROWS_WRITTEN.get()).as("the wrapper counts the rows that creating links wrote").isPositive();
        long statements = STATEMENTS.get();
        long rows = ROWS_WRITTEN.get();
        ClusterNode.sleep(WINDOW.toMillis());
        long seenStatements = STATEMENTS.get() - statements;
        long seenRows = ROWS_WRITTEN.get() - rows;

        double seconds = WINDOW.toMillis() / 1000.0;
        System.out.println("IdleCostTest: " + seenStatements + " statements and " + seenRows + " rows written in " + WINDOW);
        assertThat(seenStatements).as("the wrapper sees the idle node's polls").isPositive();
        assertThat(seenStatements / seconds).as("statements per second while idle (%d in %s)", seenStatements, WINDOW)
                .isLessThanOrEqualTo(MAX_STATEMENTS_PER_SECOND);
        assertThat(seenRows * 60 / seconds).as("rows written per minute while idle (%d in %s)", seenRows, WINDOW)
                .isLessThanOrEqualTo(MAX_ROWS_PER_MINUTE);
    }

    // ---- the counting wrapper: every execute of every statement, and the rows its updates report ----

    static DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (method, result) -> result instanceof Connection connection
                && method.getName().equals("getConnection") ? proxy(Connection.class, connection, IdleCostTest::statement)
                : result);
    }

    private static Object statement(Method method, Object result) {
        if (result instanceof Statement statement && method.getName().startsWith("prepare")
                || result instanceof Statement && method.getName().equals("createStatement")) {
            Class<?> type = method.getReturnType();
            return proxy(type, result, IdleCostTest::executed);
        }
        return result;
    }

    private static Object executed(Method method, Object result) {
        String name = method.getName();
        if (!name.startsWith("execute")) {
            return result;
        }
        STATEMENTS.incrementAndGet();
        if (result instanceof Integer count && name.contains("Update")) {
            ROWS_WRITTEN.addAndGet(Math.max(0, count));
        } else if (result instanceof Long count && name.contains("Update")) {
            ROWS_WRITTEN.addAndGet(Math.max(0, count));
        } else if (result instanceof int[] counts) {
            for (int count : counts) {
                ROWS_WRITTEN.addAndGet(Math.max(0, count));
            }
        }
        return result;
    }

    interface AfterCall {
        Object apply(Method method, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("execute") && result instanceof Boolean isQuery && !isQuery
                    && target instanceof Statement statement) {
                ROWS_WRITTEN.addAndGet(Math.max(0, statement.getUpdateCount()));
            }
            return after.apply(method, result);
        };
        return (T) Proxy.newProxyInstance(IdleCostTest.class.getClassLoader(), new Class<?>[]{type}, handler);
    }
}

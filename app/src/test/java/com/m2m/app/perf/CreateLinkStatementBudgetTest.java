package com.m2m.app.perf;

import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import com.m2m.app.config.UnitOfWorkWatchdog;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL cost of one {@code POST /partner/links}, counted through the DataSource: every statement the request
 * thread runs, i.e. the command, its event-store writes and every subscribing projection in the command's
 * transaction (tracking processors run on their own threads and are not counted). The budget pins the lean write
 * path (docs/performance.md); when it fails, the message lists the statements by kind, so it says which grew.
 */
@PlatformTest
class CreateLinkStatementBudgetTest {

    /**
     * Executions of one create link of a new user with its full userData. A JDBC batch (the event store appends all
     * of a command's events in one) counts once: it is one round trip and one statement parsed. What remains
     * (docs/performance.md): the API key with its tenant, the user's stream (snapshot and events in one read), its
     * data key, the event append, user_view, user_field, link_view, link_count, analytics_link, analytics_user, and
     * the expiry deadline's two (db-scheduler asks before it inserts). The timeline's first entry is the link row
     * itself: no link_activity write.
     */
    static final int BUDGET = 12;

    /** The same without userData: no data key and no user_field rows. */
    static final int BUDGET_REFERENCE_ONLY = 10;

    @LocalServerPort
    int port;
    @Autowired
    StatementCounter counter;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    String key;

    @BeforeEach
    void partner() {
        api = new ApiClient(port);
        key = new Partners(api).sandboxPartner(Partners.uniqueId("stmt"));
        // One warm-up create: the first request of a key may pay one-off costs (caches, the key's first use).
        create("{\"referenceId\":\"warm-up\"}");
    }

    @Test
    void referenceIdOnly() {
        assertWithinBudget("{\"referenceId\":\"u-ref-only\"}", BUDGET_REFERENCE_ONLY);
    }

    @Test
    void fullUserData() {
        assertWithinBudget("""
                {"referenceId":"u-full","userData":{
                 "name":{"firstName":"Juan","secondName":"Carlos","lastName":"Pérez","secondLastName":"García"},
                 "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15",
                 "paymentMethod":{"type":"bank_account",
                   "bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""", BUDGET);
    }

    /**
     * The CPU side of the same path: Axon 4.13's handler timeouts wrap every handler (about fourteen per create link)
     * and capture the thread's whole stack at each start; they stay off, the watchdog guarding the units of work
     * instead (docs/performance.md "CPU of one create link").
     */
    @Test
    void noAxonHandlerTimeoutWrapsTheHandlers() {
        assertThat(context.getBeansOfType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("axon.timeout.enabled")).isEqualTo("false");
        assertThat(context.getBeansOfType(UnitOfWorkWatchdog.class)).hasSize(1);
    }

    private void assertWithinBudget(String body, int budget) {
        counter.start();
        create(body);
        List<StatementCounter.Statement> statements = StatementCounter.ofRequests(counter.stop());
        Map<String, Long> byKind = StatementCounter.byKind(statements);
        String report = byKind.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey())
                .collect(Collectors.joining("\n  ", statements.size() + " statements:\n  ", ""));
        System.out.println("create link " + body.replaceAll("\\s+", " ") + "\n" + report);
        assertThat(statements).as(report).hasSizeLessThanOrEqualTo(budget);
    }

    private void create(String body) {
        ApiClient.Response created = api.post("/partner/links", body).key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
}

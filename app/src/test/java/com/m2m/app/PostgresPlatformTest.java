package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.testing.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same platform on a real PostgreSQL server (started from Maven-shipped binaries, no install): switching
 * is only {@code spring.datasource.url}.
 */
@PlatformTest
// Close this context after the class, while its database still runs: a cached context left alive on a stopped
// server keeps retrying connections and logs stack traces into every later test's output.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresPlatformTest extends LinkConcurrencyContract {

    static final EmbeddedPostgres POSTGRES = TestDatabases.untilJvmExit();
    /** Required with any database but the embedded default. */
    static final String MASTER_KEY = com.m2m.domain.privacy.MasterKey.generate().toBase64();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestDatabases.registerDataSource(registry, POSTGRES);
        registry.add("m2m.privacy.master-key", () -> MASTER_KEY);
        registry.add("m2m.webhooks.retry-delays", () -> "0s,200ms,200ms,200ms,200ms");
        registry.add("m2m.webhooks.poll-interval", () -> "100ms");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runsOnPostgresql() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
    }

    @Test
    void webhooksAreDeliveredFromThePostgresqlOutbox() {
        ApiClient api = new ApiClient(port);
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("pghook"));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respond("/hooks", 500, 200);
            api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\",\"events\":[\"link.created\"]}")
                    .key(key).send();
            String linkId = api.post("/partner/links", "{\"referenceId\":\"pg-hook\"}").key(key).send().data()
                    .get("linkId").asText();
            java.util.List<WebhookReceiver.Received> attempts = receiver.await("/hooks", r -> true, 2,
                    java.time.Duration.ofSeconds(15));
            assertThat(attempts.get(1).json().at("/data/linkId").asText()).isEqualTo(linkId);
            assertThat(attempts.get(1).header("X-M2M-Attempt")).isEqualTo("2");
        }
    }

    @Autowired
    com.m2m.webhook.delivery.DeliveryWakeUps wakeUps;

    /**
     * Another node's commit reaches this node's dispatcher through LISTEN/NOTIFY: a notification sent on the
     * channel from a connection of its own (as another node's outbox transaction does) wakes this node.
     */
    @Test
    void aNotificationFromAnotherNodeWakesThisNodesDispatcher() throws Exception {
        assertThat(wakeUps.notifiesOtherNodes()).isTrue();
        java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
        Runnable listener = woken::countDown;
        wakeUps.listen(listener);
        try (java.sql.Connection otherNode = java.sql.DriverManager.getConnection(
                POSTGRES.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
            otherNode.setAutoCommit(false);
            try (java.sql.Statement statement = otherNode.createStatement()) {
                statement.execute("SELECT pg_notify('" + com.m2m.webhook.delivery.DeliveryWakeUps.CHANNEL + "', '')");
            }
            otherNode.commit(); // PostgreSQL delivers the notification at the commit, never for a rollback
            assertThat(woken.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            wakeUps.stopListening(listener);
        }
    }

    @Test
    void linkJourneyOnPostgresql() {
        ApiClient api = new ApiClient(port);
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("pg"));
        ApiClient.Response created = api.post("/partner/links", """
                {"referenceId":"pg-user","userData":{"name":{"firstName":"Ana","lastName":"López"},"idNumber":"AB123456"},
                 "metadata":{"k":"v"}}""").key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String linkId = created.data().get("linkId").asText();

        assertThat(api.post("/partner/links", "{\"referenceId\":\"pg-user\"}").key(key).send().errorCode())
                .isEqualTo("ACTIVE_LINK_EXISTS");
        JsonNode list = api.get("/partner/links?visibility=active&referenceId=pg-user").key(key).send().data();
        assertThat(list.at("/items/0/linkId").asText()).isEqualTo(linkId);
        assertThat(list.at("/items/0/metadata/k").asText()).isEqualTo("v");
        JsonNode user = api.get("/partner/users/pg-user").key(key).send().data();
        assertThat(user.at("/fields/idNumber/maskedValue").asText()).isEqualTo("****3456");
        assertThat(api.post("/partner/links/" + linkId + "/revoke", "{}").key(key).send().status()).isEqualTo(200);
        assertThat(api.post("/partner/links", "{\"referenceId\":\"pg-user\"}").key(key).send().status()).isEqualTo(201);
        assertThat(api.get("/partner/links/" + linkId + "/activity").key(key).send().data().findValuesAsText("type"))
                .containsExactly("created", "revoked");
    }

    @Test
    void supportHistoryStateAndAuditOnPostgresql() {
        ApiClient api = new ApiClient(port);
        String partnerId = Partners.uniqueId("pgsup");
        String key = new Partners(api).sandboxPartner(partnerId);
        ApiClient.Response created = api.post("/partner/links", """
                {"referenceId":"pg-support","userData":{"name":{"firstName":"Ana"}}}""").key(key).send();
        String userId = created.data().get("userId").asText();

        JsonNode history = api.get("/support/users/" + userId + "/history").bearer(PlatformTest.SUPPORT_TOKEN).send()
                .data();
        assertThat(history.get("events").findValuesAsText("type")).contains("user.created", "field.merged",
                "link.assigned");
        assertThat(history.toString()).doesNotContain("Ana");
        JsonNode state = api.get("/support/users/" + userId + "/state").bearer(PlatformTest.SUPPORT_TOKEN).send()
                .data();
        assertThat(state.at("/fields/name.firstName/value").asText()).isEqualTo("A***");
        JsonNode found = api.get("/support/users?partnerId=" + partnerId).bearer(PlatformTest.SUPPORT_TOKEN).send()
                .data();
        assertThat(found.at("/items/0/userId").asText()).isEqualTo(userId);
        JsonNode audit = api.get("/admin/audit?action=partner.created&from=2020-01-01")
                .bearer(PlatformTest.OPERATOR_TOKEN).send().data();
        assertThat(audit.get("items").findValuesAsText("target")).contains(partnerId);
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.testing.DeadEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks at volume, over real HTTP both ways: a burst is delivered completely and in per-link order while another
 * partner's endpoint is down, the backlog a partner and an operator read rises and falls, and the delivery log finds
 * a link's deliveries with the exact signed payload. Polling is practically off (1 h): only commit wake-ups move
 * deliveries here. Waits are bounded; nothing is timed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        PlatformTest.PRIVATE_H2, PlatformTest.NO_DEMO_PARTNER,
        // The receivers are on loopback (allowed in sandbox by this setting only).
        PlatformTest.LOOPBACK_WEBHOOKS,
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST",
        "m2m.webhooks.retry-delays=0s,1m",
        "m2m.webhooks.timeout=10s",
        "m2m.webhooks.poll-interval=1h",
        "m2m.rate-limits.create-links-per-minute=100000",
        "m2m.rate-limits.requests-per-minute=100000"
})
class WebhookVolumeTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    ApiClient api;
    WebhookReceiver receiver;
    String fast;
    String down;

    @BeforeEach
    void setUp() throws IOException {
        api = new ApiClient(port);
        receiver = new WebhookReceiver();
        Partners partners = new Partners(api);
        fast = partners.sandboxPartner(Partners.uniqueId("fast"));
        down = partners.sandboxPartner(Partners.uniqueId("down"));
        configure(fast, receiver.url("/fast"));
        configure(down, "http://127.0.0.1:" + DeadEndpoints.closedPort() + "/hooks");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    void configure(String key, String url) {
        ApiClient.Response configured = api.put("/partner/webhooks/config", "{\"url\":\"" + url
                + "\",\"events\":[\"link.created\",\"link.revoked\"]}").key(key).send();
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    }

    String createLink(String key, String referenceId) {
        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"" + referenceId + "\"}")
                .key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("linkId").asText();
    }

    void revoke(String key, String linkId) {
        ApiClient.Response revoked = api.post("/partner/links/" + linkId + "/revoke", "{}").key(key).send();
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    }

    JsonNode backlog(String key) {
        ApiClient.Response stats = api.get("/partner/webhooks/stats").key(key).send();
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        return stats.data().get("backlog");
    }

    JsonNode awaitBacklog(String key, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode backlog = backlog(key);
        while (!condition.test(backlog)) {
            assertThat(Instant.now()).as("backlog never as expected: " + backlog).isBefore(deadline);
            Thread.sleep(50);
            backlog = backlog(key);
        }
        return backlog;
    }

    @Test
    void theBacklogRisesWhileTheEndpointHoldsAndFallsToNothingOnceItAnswers() throws Exception {
        receiver.hold("/fast");
        int links = 40;
        for (int i = 0; i < links; i++) {
            createLink(fast, "held-" + i);
        }

        JsonNode risen = awaitBacklog(fast, b -> b.get("pending").asInt() == links);
        assertThat(risen.get("oldestPendingAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(risen.get("oldestPendingAt").asText()).isNotBlank();
        ApiClient.Response operators = api.get("/admin/webhooks/backlog").bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(operators.status()).as(operators.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        operators.data().get("items").forEach(items::add);
        assertThat(items).anySatisfy(item -> {
            assertThat(item.get("pending").asInt()).isEqualTo(links);
            assertThat(item.get("environment").asText()).isEqualTo("sandbox");
        });
        assertThat(api.get("/admin/webhooks/backlog").key(fast).send().status())
                .as("a partner key is no staff token").isEqualTo(401);
        assertThat(receiver.received("/fast")).as("attempts are in flight, held by the receiver").isNotEmpty();

        receiver.release("/fast");
        receiver.await("/fast", r -> true, links, WAIT);
        JsonNode drained = awaitBacklog(fast, b -> b.get("pending").asInt() == 0);
        assertThat(drained.get("oldestPendingAt").isNull()).isTrue();
        assertThat(drained.get("oldestPendingAgeSeconds").isNull()).isTrue();
    }

    @Test
    void aBurstArrivesCompleteAndInPerLinkOrderWhileAnotherPartnersEndpointIsDownAndTheLogFindsIt()
            throws Exception {
        int links = 300;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> created = new ArrayList<>();
        try {
            for (int i = 0; i < links; i++) {
                String reference = "burst-" + i;
                created.add(clients.submit(() -> {
                    String linkId = createLink(fast, reference);
                    revoke(fast, linkId);
                    return linkId;
                }));
                if (i % 10 == 0) {
                    String downReference = "down-" + i;
                    clients.submit(() -> createLink(down, downReference));
                }
            }
            for (Future<String> link : created) {
                link.get();
            }
        } finally {
            clients.shutdown();
        }

        List<WebhookReceiver.Received> received = receiver.await("/fast", r -> true, 2 * links, WAIT);
        Map<String, List<String>> eventsByLink = new LinkedHashMap<>();
        Map<String, WebhookReceiver.Received> byWebhookId = new HashMap<>();
        for (WebhookReceiver.Received webhook : received) {
            JsonNode body = webhook.json();
            eventsByLink.computeIfAbsent(body.at("/data/linkId").asText(), k -> new ArrayList<>())
                    .add(body.get("event").asText());
            assertThat(byWebhookId.put(body.get("id").asText(), webhook)).as("each webhook once").isNull();
        }
        assertThat(eventsByLink).hasSize(links);
        assertThat(eventsByLink.values()).allSatisfy(events ->
                assertThat(events).containsExactly("link.created", "link.revoked"));
        awaitBacklog(fast, b -> b.get("pending").asInt() == 0);

        // The delivery log: a link's deliveries, newest first, each with the exact bytes that were signed and sent.
        String linkId = created.get(123).get();
        JsonNode log = api.get("/partner/webhooks/deliveries?linkId=" + linkId).key(fast).send().data();
        assertThat(log.at("/pagination/total").asInt()).isEqualTo(2);
        List<JsonNode> items = new ArrayList<>();
        log.get("items").forEach(items::add);
        assertThat(items).extracting(item -> item.get("event").asText())
                .containsExactly("link.revoked", "link.created");
        for (JsonNode item : items) {
            assertThat(item.get("linkId").asText()).isEqualTo(linkId);
            assertThat(item.get("referenceId").asText()).isEqualTo("burst-123");
            assertThat(item.get("status").asText()).isEqualTo("delivered");
            WebhookReceiver.Received sent = byWebhookId.get(item.get("webhookId").asText());
            assertThat(item.get("payload").asText().getBytes(StandardCharsets.UTF_8))
                    .as("the payload is byte for byte what the receiver got").isEqualTo(sent.body());
        }
        assertThat(api.get("/partner/webhooks/deliveries?linkId=" + linkId + "&event=link.created&status=delivered")
                .key(fast).send().data().at("/pagination/total").asInt()).isEqualTo(1);
        String today = Instant.now().toString().substring(0, 10);
        assertThat(api.get("/partner/webhooks/deliveries?linkId=" + linkId + "&from=" + today + "&to=" + today)
                .key(fast).send().data().at("/pagination/total").asInt()).isEqualTo(2);
        assertThat(api.get("/partner/webhooks/deliveries?from=2999-01-01").key(fast).send().data()
                .at("/pagination/total").asInt()).isZero();
        assertThat(api.get("/partner/webhooks/deliveries?referenceId=burst-123").key(fast).send().data()
                .at("/pagination/total").asInt()).isEqualTo(2);
        assertThat(api.get("/partner/webhooks/deliveries?linkId=" + linkId).key(down).send().data()
                .at("/pagination/total").asInt()).as("another tenant sees nothing of it").isZero();
        ApiClient.Response bad = api.get("/partner/webhooks/deliveries?linkId=no%20such").key(fast).send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.toString()).contains("linkId");
        ApiClient.Response badRange = api.get("/partner/webhooks/deliveries?from=2026-02-10&to=2026-02-01")
                .key(fast).send();
        assertThat(badRange.status()).isEqualTo(400);
        assertThat(badRange.toString()).contains("from");

        JsonNode downLog = api.get("/partner/webhooks/deliveries?status=delivered").key(down).send().data();
        assertThat(downLog.at("/pagination/total").asInt()).as("the dead endpoint got nothing").isZero();
    }
}

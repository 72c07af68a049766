package com.m2m.app;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed, retried, ordered, isolated webhook delivery to a real HTTP receiver. */
@WebhookPlatformTest
class WebhookDeliveryTest extends SandboxPartnerTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    WebhookDeliveryTest() {
        super("hook");
    }

    /**
     * Subscribes to link events only: these tests count attempts, and a new user created without data would also
     * get a user.data_request (covered by DataRequestJourneyTest).
     */
    String configure(String path) {
        ApiClient.Response configured = api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url(path)
                + "\",\"events\":[\"link.created\",\"link.revoked\",\"link.expired\"]}").key(key).send();
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        return configured.data().get("secret").asText();
    }

    String createLink(String referenceId) {
        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"" + referenceId + "\"}").key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("linkId").asText();
    }

    @Test
    void linkCreatedArrivesSignedWithTheSecret() {
        String secret = configure("/hook");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(6 + 32);
        JsonNode config = api.get("/partner/webhooks/config").key(key).send().data();
        assertThat(config.get("url").asText()).isEqualTo(receiver.url("/hook"));
        assertThat(secret).startsWith(config.get("secretPrefix").asText());
        assertThat(config.toString()).doesNotContain(secret);

        ApiClient.Response created = api.post("/partner/links",
                "{\"referenceId\":\"signed\",\"metadata\":{\"order\":\"42\"}}").key(key).send();
        String linkId = created.data().get("linkId").asText();

        WebhookReceiver.Received webhook = receiver.await("/hook", r -> r.event().equals("link.created"), 1, WAIT).get(0);
        assertThat(webhook.signatureValidFor(secret)).isTrue();
        assertThat(webhook.signatureValidFor("whsec_wrong")).isFalse();
        assertThat(webhook.header("Content-Type")).startsWith("application/json");
        assertThat(webhook.header("X-M2M-Event")).isEqualTo("link.created");
        assertThat(Long.parseLong(webhook.header("X-M2M-Timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(30L));
        assertThat(webhook.header("X-M2M-Attempt")).isEqualTo("1");
        JsonNode body = webhook.json();
        assertThat(body.get("id").asText()).isEqualTo(webhook.header("X-M2M-Webhook-Id"));
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode data = body.get("data");
        assertThat(data.get("linkId").asText()).isEqualTo(linkId);
        assertThat(data.get("referenceId").asText()).isEqualTo("signed");
        assertThat(data.get("status").asText()).isEqualTo("created");
        assertThat(data.get("metadata").get("order").asText()).isEqualTo("42");
        assertThat(new String(webhook.body())).doesNotContain(created.data().get("token").asText()).doesNotEndWith("\n");
    }

    @Test
    void retriesKeepOneIdUntilSuccess() {
        receiver.respond("/flaky", 500, 503, 200);
        configure("/flaky");
        createLink("flaky-user");

        List<WebhookReceiver.Received> attempts = receiver.await("/flaky", r -> true, 3, WAIT);
        assertThat(attempts).extracting(r -> r.header("X-M2M-Webhook-Id")).containsOnly(attempts.get(0).header("X-M2M-Webhook-Id"));
        assertThat(attempts).extracting(r -> r.header("X-M2M-Attempt")).containsExactly("1", "2", "3");

        JsonNode delivery = awaitDelivery(attempts.get(0).header("X-M2M-Webhook-Id"), "delivered");
        assertThat(delivery.get("attempts")).hasSize(3);
        assertThat(delivery.get("attempts").findValuesAsText("httpStatus")).containsExactly("500", "503", "200");
    }

    @Test
    void aDeadEndpointGetsFiveAttemptsThenFailsAndReplayDelivers() throws Exception {
        receiver.respond("/dead", 500);
        configure("/dead");
        createLink("dead-user");

        List<WebhookReceiver.Received> attempts = receiver.await("/dead", r -> true, 5, WAIT);
        String id = attempts.get(0).header("X-M2M-Webhook-Id");
        JsonNode failed = awaitDelivery(id, "failed");
        assertThat(failed.get("attempts")).hasSize(5);
        Thread.sleep(600);
        assertThat(receiver.received("/dead")).as("no sixth attempt").hasSize(5);
        ApiClient.Response failedList = api.get("/partner/webhooks/deliveries?status=failed").key(key).send();
        assertThat(failedList.data().findValuesAsText("deliveryId")).contains(failed.get("deliveryId").asText());

        receiver.respond("/dead", 200);
        ApiClient.Response replay = api.post("/partner/webhooks/deliveries/" + failed.get("deliveryId").asText()
                + "/replay", null).key(key).send();
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        List<WebhookReceiver.Received> all = receiver.await("/dead", r -> true, 6, WAIT);
        assertThat(all.get(5).header("X-M2M-Webhook-Id")).isEqualTo(id);
        awaitDelivery(id, "delivered");
    }

    @Test
    void goneStopsRetriesAtOnce() throws Exception {
        receiver.respond("/gone", 410);
        configure("/gone");
        createLink("gone-user");
        String id = receiver.await("/gone", r -> true, 1, WAIT).get(0).header("X-M2M-Webhook-Id");
        awaitDelivery(id, "failed");
        Thread.sleep(600);
        assertThat(receiver.received("/gone")).hasSize(1);
    }

    @Test
    void eventsOfOneLinkArriveInOrderAndTheSubscriptionFilters() {
        configure("/ordered");
        String first = createLink("ordered-user");
        api.post("/partner/links/" + first + "/revoke", "{\"reason\":\"test\"}").key(key).send();
        List<WebhookReceiver.Received> events = receiver.await("/ordered", r -> true, 2, WAIT);
        assertThat(events).extracting(WebhookReceiver.Received::event).containsExactly("link.created", "link.revoked");
        assertThat(events.get(1).json().at("/data/reason").asText()).isEqualTo("test");

        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/ordered") + "\",\"events\":[\"link.revoked\"]}")
                .key(key).send();
        String second = createLink("ordered-user");
        api.post("/partner/links/" + second + "/revoke", "{}").key(key).send();
        List<WebhookReceiver.Received> after = receiver.await("/ordered", r -> true, 3, WAIT);
        assertThat(after.get(2).event()).isEqualTo("link.revoked");
        assertThat(after.get(2).json().at("/data/linkId").asText()).isEqualTo(second);
    }

    @Test
    void aLinksCallbackUrlOverridesThePartnerUrl() {
        configure("/partner-url");
        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"cb\",\"callbackUrl\":\""
                + receiver.url("/callback") + "\"}").key(key).send();
        assertThat(created.status()).isEqualTo(201);
        receiver.await("/callback", r -> r.event().equals("link.created"), 1, WAIT);
        assertThat(receiver.received("/partner-url")).isEmpty();
    }

    @Test
    void aSlowPartnerDoesNotDelayAnother() {
        receiver.delay("/slow", Duration.ofMillis(1500));
        configure("/slow");
        for (int i = 0; i < 6; i++) {
            createLink("slow-" + i);
        }
        String fastKey = new Partners(api).sandboxPartner(Partners.uniqueId("fast"));
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/fast") + "\"}").key(fastKey).send();
        Instant sent = Instant.now();
        api.post("/partner/links", "{\"referenceId\":\"fast-user\"}").key(fastKey).send();

        WebhookReceiver.Received fast = receiver.await("/fast", r -> true, 1, WAIT).get(0);
        assertThat(Duration.between(sent, fast.at())).as("not queued behind the slow partner")
                .isLessThan(Duration.ofMillis(1200));
    }

    @Test
    void rotatedSecretsSignAlongsideTheOldOneFor24Hours() {
        String oldSecret = configure("/rotate");
        ApiClient.Response rotated = api.post("/partner/webhooks/config/regenerate-secret", null).key(key).send();
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.data().get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Instant.parse(rotated.data().get("previousSecretValidUntil").asText()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));

        createLink("rotate-user");
        WebhookReceiver.Received webhook = receiver.await("/rotate", r -> true, 1, WAIT).get(0);
        assertThat(webhook.header("X-M2M-Signature")).matches("sha256=[0-9a-f]{64},sha256=[0-9a-f]{64}");
        assertThat(webhook.signatureValidFor(newSecret)).isTrue();
        assertThat(webhook.signatureValidFor(oldSecret)).isTrue();
    }

    @Test
    void webhookConfigurationIsValidated() {
        ApiClient.Response ftp = api.put("/partner/webhooks/config", "{\"url\":\"ftp://example.com/x\"}").key(key).send();
        assertThat(ftp.status()).isEqualTo(400);
        assertThat(ftp.body().at("/error/field").asText()).isEqualTo("url");
        ApiClient.Response events = api.put("/partner/webhooks/config",
                "{\"url\":\"https://93.184.215.14/x\",\"events\":[\"link.exploded\"]}").key(key).send();
        assertThat(events.body().at("/error/field").asText()).isEqualTo("events");

        String liveKey = new Partners(api).key(partnerId, "live");
        for (String url : new String[]{"http://example.com/hook", "https://127.0.0.1/hook", "https://localhost/hook",
                "https://10.1.2.3/hook", "https://[::1]/hook", "https://192.168.0.10/hook"}) {
            ApiClient.Response live = api.put("/partner/webhooks/config", "{\"url\":\"" + url + "\"}").key(liveKey).send();
            assertThat(live.status()).as(url).isEqualTo(400);
        }
        assertThat(api.put("/partner/webhooks/config", "{\"url\":\"https://93.184.215.14/hook\"}").key(liveKey).send()
                .status()).isEqualTo(200);
        assertThat(api.post("/partner/sandbox/webhooks/test", "{\"event\":\"link.opened\"}").key(liveKey).send()
                .status()).as("sandbox helpers do not exist for live keys").isEqualTo(404);
    }

    @Test
    void sandboxTestWebhookIsSignedAndReported() {
        String secret = configure("/test-hook");
        ApiClient.Response test = api.post("/partner/sandbox/webhooks/test", "{\"event\":\"link.opened\"}").key(key).send();
        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        assertThat(test.data().get("status").asText()).isEqualTo("delivered");
        WebhookReceiver.Received sample = receiver.await("/test-hook", r -> true, 1, WAIT).get(0);
        assertThat(sample.event()).isEqualTo("link.opened");
        assertThat(sample.signatureValidFor(secret)).isTrue();
        assertThat(api.post("/partner/sandbox/webhooks/test", "{\"event\":\"nope\"}").key(key).send()
                .body().at("/error/field").asText()).isEqualTo("event");
    }

    @Test
    void rebuildingProjectionsSendsNothing() throws Exception {
        configure("/rebuild");
        createLink("rebuild-1");
        createLink("rebuild-2");
        receiver.await("/rebuild", r -> true, 2, WAIT);
        int deliveries = api.get("/partner/webhooks/deliveries").key(key).send().data().at("/pagination/total").asInt();

        JsonNode names = api.get("/admin/projections").bearer(PlatformTest.OPERATOR_TOKEN).send().data();
        assertThat(names.toString()).contains("link-view", "user-view", "webhook-outbox");
        for (JsonNode name : names) {
            ApiClient.Response rebuilt = api.post("/admin/projections/" + name.asText() + "/rebuild", null)
                    .bearer(PlatformTest.OPERATOR_TOKEN).send();
            assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        }
        Thread.sleep(1500);
        assertThat(receiver.received("/rebuild")).as("a replay never re-sends").hasSize(2);
        assertThat(api.get("/partner/webhooks/deliveries").key(key).send().data().at("/pagination/total").asInt())
                .isEqualTo(deliveries);
        assertThat(api.get("/partner/links?referenceId=rebuild-1").key(key).send().data().at("/pagination/total").asInt())
                .as("the rebuilt read model has the link again").isEqualTo(1);
    }

    JsonNode awaitDelivery(String webhookId, String status) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            JsonNode items = api.get("/partner/webhooks/deliveries?limit=100").key(key).send().data().get("items");
            for (JsonNode item : items) {
                if (webhookId.equals(item.path("webhookId").asText(item.path("id").asText()))
                        || webhookId.equals(item.path("deliveryId").asText())) {
                    last = item;
                    if (status.equals(item.get("status").asText())) {
                        return item;
                    }
                }
            }
            Pause.millis(50);
        }
        throw new AssertionError("delivery " + webhookId + " never became " + status + "; last seen " + last);
    }
}

package com.m2m.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.domain.testing.DeadEndpoints;
import com.m2m.domain.testing.LoopbackReceiver;
import com.m2m.webhook.support.TestWebhooks;
import org.axonframework.eventhandling.ReplayStatus;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher end to end: outbox → real HTTP receiver on a free port. */
class WebhookDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final LoopbackReceiver receiver = new LoopbackReceiver();
    @AutoClose
    private TestWebhooks webhooks = TestWebhooks.fast();

    private void use(List<Duration> delays, Duration timeout) {
        webhooks.close();
        webhooks = TestWebhooks.fast(delays, timeout);
    }

    private void use(WebhookProperties properties) {
        webhooks.close();
        webhooks = new TestWebhooks(Clock.systemUTC(), properties);
    }

    private LinkCreatedEvent createLink(String partnerId, Environment environment, String linkId) {
        Instant now = Instant.now();
        LinkCreatedEvent event = new LinkCreatedEvent(linkId, "user_" + partnerId + "_1", partnerId, environment,
                "ref-" + linkId, "hash", new LinkOptions(Map.of(), null, null, null, null), now.plusSeconds(3600), now);
        webhooks.projector.on(event, UUID.randomUUID().toString(), ReplayStatus.REGULAR);
        return event;
    }

    private static String sign(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private Map<String, Object> onlyDelivery() {
        List<Map<String, Object>> rows = webhooks.db.jdbc().queryForList("SELECT * FROM webhook_delivery");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** acme's sandbox target at {@code path} answering {@code statuses} in turn, a link created, dispatch started. */
    private void dispatchOneLinkCreatedTo(String path, Integer... statuses) {
        receiver.respond(path, statuses);
        webhooks.configure("acme", Environment.SANDBOX, receiver.url(path));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");
        webhooks.dispatcher.start();
    }

    private void awaitStatus(String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!status.equals(onlyDelivery().get("status"))) {
            assertThat(Instant.now()).as("delivery never became " + status + ": " + onlyDelivery()).isBefore(deadline);
            Thread.sleep(10);
        }
    }

    private void awaitFirstAttempt() throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (attempts().isEmpty()) {
            assertThat(Instant.now()).as("no attempt was made").isBefore(deadline);
            Thread.sleep(10);
        }
    }

    private List<Map<String, Object>> attempts() {
        return webhooks.db.jdbc().queryForList("SELECT * FROM webhook_delivery_attempt ORDER BY attempt");
    }

    @Test
    void aWebhookArrivesSignedOverTheRawBodyWithTheExactHeaders() throws Exception {
        String secret = webhooks.configure("acme", Environment.SANDBOX, receiver.url("/hook"));
        LinkCreatedEvent link = createLink("acme", Environment.SANDBOX, "link_acme_000000000001");

        webhooks.dispatcher.start();
        LoopbackReceiver.Received webhook = receiver.await("/hook", 1, WAIT).get(0);
        awaitStatus("delivered");

        String timestamp = webhook.header("X-M2M-Timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(5L));
        assertThat(webhook.header("X-M2M-Signature")).isEqualTo(sign(secret, timestamp, webhook.body()));
        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.header("Content-Type")).isEqualTo("application/json");
        assertThat(webhook.header("X-M2M-Event")).isEqualTo("link.created");
        assertThat(webhook.header("X-M2M-Attempt")).isEqualTo("1");
        assertThat(webhook.header("User-Agent")).isEqualTo("M2M-Webhooks/1.0");
        assertThat(webhook.headers()).doesNotContainKeys("upgrade", "http2-settings");
        JsonNode body = new ObjectMapper().readTree(webhook.body());
        assertThat(webhook.header("X-M2M-Webhook-Id")).isEqualTo(body.get("id").asText()).startsWith("evt_");
        assertThat(body.at("/data/linkId").asText()).isEqualTo(link.linkId());
        assertThat(webhook.bodyText()).isEqualTo(onlyDelivery().get("body")).doesNotEndWith("\n");
        assertThat(attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("http_status")).isEqualTo(200);
            assertThat(attempt.get("error")).isNull();
        });
    }

    @Test
    void afterARotationBothSecretsSign() throws Exception {
        String old = webhooks.configure("acme", Environment.SANDBOX, receiver.url("/hook"));
        WebhookSecret fresh = WebhookSecret.generate();
        Instant now = Instant.now();
        webhooks.endpoints.on(new WebhookSecretRotatedEvent("acme", Environment.SANDBOX, fresh, new WebhookSecret(old),
                now.plus(Duration.ofHours(24)), now));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");

        webhooks.dispatcher.start();
        LoopbackReceiver.Received webhook = receiver.await("/hook", 1, WAIT).get(0);

        String timestamp = webhook.header("X-M2M-Timestamp");
        assertThat(webhook.header("X-M2M-Signature"))
                .isEqualTo(sign(fresh.value(), timestamp, webhook.body()) + "," + sign(old, timestamp, webhook.body()));
    }

    @Test
    void failuresAreRetriedWithTheSameIdUntilDelivered() throws Exception {
        dispatchOneLinkCreatedTo("/flaky", 500, 500, 200);
        List<LoopbackReceiver.Received> received = receiver.await("/flaky", 3, WAIT);
        awaitStatus("delivered");

        assertThat(received).extracting(r -> r.header("X-M2M-Webhook-Id")).containsOnly(received.get(0).header("X-M2M-Webhook-Id"));
        assertThat(received).extracting(r -> r.header("X-M2M-Attempt")).containsExactly("1", "2", "3");
        assertThat(received).extracting(LoopbackReceiver.Received::bodyText).containsOnly(received.get(0).bodyText());
        assertThat(attempts()).extracting(a -> a.get("attempt"), a -> a.get("http_status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 500),
                org.assertj.core.groups.Tuple.tuple(3, 200));
        assertThat(onlyDelivery().get("delivered_at")).isNotNull();
    }

    @Test
    void aDeadEndpointGetsExactlyFiveAttemptsThenTheDeliveryFails() throws Exception {
        dispatchOneLinkCreatedTo("/dead", 500);
        receiver.await("/dead", 5, WAIT);
        awaitStatus("failed");
        Thread.sleep(300);

        assertThat(receiver.received("/dead")).hasSize(5);
        assertThat(attempts()).hasSize(5);
        assertThat(onlyDelivery().get("next_attempt_at")).isNull();
    }

    @Test
    void goneStopsAtOnce() throws Exception {
        dispatchOneLinkCreatedTo("/gone", 410);
        awaitStatus("failed");
        Thread.sleep(300);

        assertThat(receiver.received("/gone")).hasSize(1);
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
        dispatchOneLinkCreatedTo("/moved", 302);
        awaitStatus("failed");

        assertThat(attempts()).hasSize(5).allSatisfy(a -> assertThat(a.get("http_status")).isEqualTo(302));
    }

    @Test
    void aReceiverSlowerThanTheTimeoutCountsAsAFailure() throws Exception {
        use(List.of(Duration.ZERO, Duration.ofSeconds(30)), Duration.ofMillis(300));
        receiver.delay("/slow", Duration.ofMillis(1500));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/slow"));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");

        webhooks.dispatcher.start();
        awaitFirstAttempt();

        Map<String, Object> attempt = attempts().get(0);
        assertThat(attempt.get("http_status")).isNull();
        assertThat((String) attempt.get("error")).isEqualTo(WebhookSender.NO_RESPONSE);
        assertThat(((Number) attempt.get("duration_ms")).longValue()).isBetween(250L, 1400L);
        assertThat(onlyDelivery().get("status")).as("retried later").isEqualTo("pending");
    }

    @Test
    void aSlowPartnerDoesNotDelayAnother() throws Exception {
        use(TestWebhooks.FAST, Duration.ofSeconds(5));
        receiver.delay("/slow", Duration.ofSeconds(3));
        webhooks.configure("slow", Environment.SANDBOX, receiver.url("/slow"));
        webhooks.configure("fast", Environment.SANDBOX, receiver.url("/fast"));
        for (int i = 0; i < 8; i++) {
            createLink("slow", Environment.SANDBOX, "link_slow_00000000000" + i);
        }
        createLink("fast", Environment.SANDBOX, "link_fast_000000000001");

        Instant started = Instant.now();
        webhooks.dispatcher.start();
        LoopbackReceiver.Received fast = receiver.await("/fast", 1, WAIT).get(0);

        assertThat(Duration.between(started, fast.at())).isLessThan(Duration.ofMillis(1500));
        assertThat(receiver.received("/slow")).as("the slow partner holds at most its own share").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void liveNeverCallsALoopbackAddress() throws Exception {
        webhooks.configure("acme", Environment.LIVE, receiver.url("/internal"));
        createLink("acme", Environment.LIVE, "link_acme_000000000001");

        webhooks.dispatcher.start();
        awaitFirstAttempt();

        assertThat((String) attempts().get(0).get("error")).startsWith("Refused");
        assertThat(receiver.received("/internal")).isEmpty();
    }

    @Test
    void aWebhookIsNeverSentUnsigned() throws Exception {
        Instant now = Instant.now();
        webhooks.projector.on(new LinkCreatedEvent("link_acme_000000000001", "user_acme_1", "acme",
                Environment.SANDBOX, "ref", "hash", new LinkOptions(Map.of(), null, null, null, receiver.url("/cb")),
                now.plusSeconds(3600), now), UUID.randomUUID().toString(), ReplayStatus.REGULAR);

        webhooks.dispatcher.start();
        awaitStatus("failed");

        assertThat(receiver.received("/cb")).as("no secret, no request").isEmpty();
        assertThat(attempts()).hasSize(5).allSatisfy(attempt ->
                assertThat(String.valueOf(attempt.get("error"))).startsWith("No signing secret"));
    }

    @Test
    void aDisabledDispatcherSendsNothing() throws Exception {
        use(new WebhookProperties(TestWebhooks.FAST, Duration.ofSeconds(2),
                Duration.ofMillis(20), false, 16, 2));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/hook"));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");

        webhooks.dispatcher.start();
        Thread.sleep(200);

        assertThat(webhooks.dispatcher.isRunning()).isTrue();
        assertThat(receiver.received("/hook")).isEmpty();
        assertThat(webhooks.dispatcher.pollOnce()).isZero();
    }

    /**
     * docs/webhooks.md: a dead endpoint of one partner never delays another partner. The dead endpoint fails fast
     * (connection refused) and has a large due backlog; each poll must still see the other partner's delivery.
     * Before the per-target cap in the claim query, every batch was the backlog's oldest rows and the other
     * partner waited for the whole backlog to be tried (about 300 / 2 polls).
     */
    @Test
    void aDeadPartnersBacklogDoesNotDelayAnotherPartner() throws Exception {
        use(new WebhookProperties(List.of(Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)),
                Duration.ofSeconds(30), Duration.ofMillis(50), true, 16, 2));
        int closedPort = DeadEndpoints.closedPort();
        webhooks.configure("dead", Environment.SANDBOX, "http://127.0.0.1:" + closedPort + "/hook");
        webhooks.configure("alive", Environment.SANDBOX, receiver.url("/alive"));
        for (int i = 0; i < 300; i++) {
            createLink("dead", Environment.SANDBOX, String.format("link_dead_%012d", i));
        }
        createLink("alive", Environment.SANDBOX, "link_alive_000000000001");

        Instant started = Instant.now();
        webhooks.dispatcher.start();
        LoopbackReceiver.Received alive = receiver.await("/alive", 1, Duration.ofSeconds(20)).get(0);

        assertThat(Duration.between(started, alive.at())).isLessThan(Duration.ofSeconds(3));
    }

    /**
     * A restart while an attempt is in flight (the receiver answers within the timeout, but after the stop wait):
     * the attempt cut short is not recorded nor counted, and the next run makes it again with the same number.
     */
    @Test
    void anAttemptCutShortByShutdownIsNotRecordedAndIsMadeAgainAfterARestart() throws Exception {
        use(List.of(Duration.ZERO), Duration.ofSeconds(15));
        receiver.delay("/slow", Duration.ofSeconds(12));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/slow"));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");
        webhooks.dispatcher.start();
        receiver.await("/slow", 1, WAIT);

        webhooks.dispatcher.stop();
        Thread.sleep(300); // anything the cut-short attempt would still write

        Map<String, Object> delivery = onlyDelivery();
        assertThat(delivery.get("status")).as("the only attempt of the budget must not fail it").isEqualTo("pending");
        assertThat(delivery.get("attempts")).isEqualTo(0);
        assertThat(delivery.get("last_error")).isNull();
        assertThat(delivery.get("lease_owner")).as("the lease is given back").isNull();
        assertThat(attempts()).isEmpty();

        receiver.delay("/slow", Duration.ZERO);
        webhooks.dispatcher.start();
        List<LoopbackReceiver.Received> received = receiver.await("/slow", 2, WAIT);
        awaitStatus("delivered");

        assertThat(received).extracting(r -> r.header("X-M2M-Attempt")).containsExactly("1", "1");
        assertThat(attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("attempt")).isEqualTo(1);
            assertThat(attempt.get("http_status")).isEqualTo(200);
        });
    }

    /** A replay accepted during an attempt would be undone by that attempt's result: it is refused until then. */
    @Test
    void aReplayIsRefusedWhileAnAttemptIsInFlightAndWorksAfterIt() throws Exception {
        use(List.of(Duration.ZERO), Duration.ofSeconds(5));
        receiver.respond("/down", 500);
        receiver.delay("/down", Duration.ofMillis(1500));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/down"));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");
        Tenant acme = new Tenant("acme", Environment.SANDBOX);
        webhooks.dispatcher.start();
        receiver.await("/down", 1, WAIT);
        String id = (String) onlyDelivery().get("delivery_id");

        assertThatThrownBy(() -> webhooks.queries.replay(acme, id)).isInstanceOf(InvalidStateException.class)
                .hasMessage("The delivery is being attempted right now; replay it after this attempt");
        awaitStatus("failed");

        receiver.delay("/down", Duration.ZERO);
        receiver.respond("/down", 200);
        assertThat(webhooks.queries.replay(acme, id).status()).isEqualTo("pending");
        List<LoopbackReceiver.Received> received = receiver.await("/down", 2, WAIT);
        awaitStatus("delivered");

        assertThat(received).extracting(r -> r.header("X-M2M-Attempt")).containsExactly("1", "2");
        assertThat(attempts()).extracting(a -> a.get("http_status")).containsExactly(500, 200);
    }

    /**
     * With polling practically off (1 h), a delivery committed to the outbox still goes out: the writer wakes the
     * dispatcher. Bounded wait, no speed figure.
     */
    @Test
    void aNewDeliveryWakesTheDispatcherWithoutWaitingForAPoll() throws Exception {
        use(new WebhookProperties(TestWebhooks.FAST, Duration.ofSeconds(2),
                Duration.ofHours(1), true, 16, 4));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/hook"));
        webhooks.dispatcher.start();
        Thread.sleep(200); // the start-up round has run and found nothing; the next poll is an hour away

        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");
        receiver.await("/hook", 1, WAIT);
        createLink("acme", Environment.SANDBOX, "link_acme_000000000002");
        assertThat(receiver.await("/hook", 2, WAIT)).hasSize(2);
    }

    /**
     * A burst to one endpoint goes many at a time (up to the per-target limit) yet every link's events arrive in
     * order, while another partner's endpoint is down; nothing is lost and nothing sent twice.
     */
    @Test
    void aBurstArrivesCompleteAndInPerLinkOrderWhileAnotherPartnersEndpointIsDown() throws Exception {
        use(new WebhookProperties(List.of(Duration.ZERO,
                Duration.ofMinutes(1)), Duration.ofSeconds(5), Duration.ofHours(1), true, 32, 16));
        int closedPort = DeadEndpoints.closedPort();
        receiver.delay("/burst", Duration.ofMillis(5)); // enough for attempts to overlap
        webhooks.configure("dead", Environment.SANDBOX, "http://127.0.0.1:" + closedPort + "/hook");
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/burst"));
        webhooks.dispatcher.start();
        int links = 150;
        for (int i = 0; i < links; i++) {
            createLink("dead", Environment.SANDBOX, String.format("link_dead_%012d", i));
            LinkCreatedEvent created = createLink("acme", Environment.SANDBOX, String.format("link_acme_%012d", i));
            webhooks.projector.on(new LinkRevokedEvent(created.linkId(), created.userId(), "acme",
                    Environment.SANDBOX, created.referenceId(), "test", Instant.now()), UUID.randomUUID().toString(),
                    ReplayStatus.REGULAR);
        }

        List<LoopbackReceiver.Received> received = receiver.await("/burst", 2 * links, Duration.ofSeconds(60));

        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> eventsByLink = new java.util.LinkedHashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (LoopbackReceiver.Received webhook : received) {
            JsonNode body = json.readTree(webhook.body());
            eventsByLink.computeIfAbsent(body.at("/data/linkId").asText(), k -> new java.util.ArrayList<>())
                    .add(body.get("event").asText());
            assertThat(ids.add(body.get("id").asText())).as("sent once").isTrue();
        }
        assertThat(eventsByLink).hasSize(links);
        assertThat(eventsByLink.values()).allSatisfy(events ->
                assertThat(events).containsExactly("link.created", "link.revoked"));
        assertThat(webhooks.store.backlog("dead", Environment.SANDBOX, Instant.now()).pending())
                .as("the dead endpoint's deliveries wait for their retry").isEqualTo(links);
    }

    /**
     * A node killed mid-attempt and started again under the same stable name: the lease its dead run left (unexpired,
     * its heartbeat fresh) would hold the delivery for the 30 s node timeout; the new run gives it back at start and
     * delivers within the 5 s wait. To a dispatcher with a random id the lease is another live node's.
     */
    @Test
    void aDispatcherRestartedUnderItsStableNameTakesItsLeasesBackAtOnce() throws Exception {
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/hook"));
        createLink("acme", Environment.SANDBOX, "link_acme_000000000001");
        String id = onlyDelivery().get("delivery_id").toString();
        Instant now = Instant.now();
        webhooks.store.heartbeat("node-a", now);
        assertThat(webhooks.store.claimAll(List.of(id), "node-a", "node-a-dead-1", now.plus(Duration.ofMinutes(5)),
                now)).hasSize(1);

        assertThat(webhooks.store.findClaimable(now, webhooks.dispatcher.nodeId(), Map.of(), 16, 100))
                .as("to a dispatcher of another id the lease is live").isEmpty();
        WebhookDispatcher restarted = new WebhookDispatcher(webhooks.store, webhooks.attempter, webhooks.properties,
                Clock.systemUTC(), webhooks.wakeUps, com.m2m.domain.common.NodeName.stable("node-a"));
        assertThat(restarted.nodeId()).isEqualTo("node-a");
        try {
            restarted.start();
            receiver.await("/hook", 1, WAIT);
            awaitStatus("delivered");
        } finally {
            restarted.stop();
        }
        assertThat(webhooks.store.lastSeen("node-a")).as("stopped cleanly: forgotten").isEmpty();
    }
}

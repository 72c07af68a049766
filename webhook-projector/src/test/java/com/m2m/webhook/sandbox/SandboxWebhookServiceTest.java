package com.m2m.webhook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.delivery.WebhookSender;
import com.m2m.webhook.outbox.OutgoingWebhook;
import com.m2m.webhook.signing.WebhookSigner;
import com.m2m.domain.testing.LoopbackReceiver;
import com.m2m.webhook.support.TestWebhooks;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxWebhookServiceTest {

    private static final Tenant SANDBOX = new Tenant("acme", Environment.SANDBOX);
    private static final Tenant LIVE = new Tenant("acme", Environment.LIVE);

    @RegisterExtension
    final LoopbackReceiver receiver = new LoopbackReceiver();
    @AutoClose
    private TestWebhooks webhooks = TestWebhooks.fast();

    private void useTimeout(Duration timeout) {
        webhooks.close();
        webhooks = TestWebhooks.fast(TestWebhooks.FAST, timeout);
    }

    @Test
    void sendsASignedSampleAndReportsTheFirstAttempt() throws Exception {
        String secret = webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"), "link.created");

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");

        assertThat(result.status()).isEqualTo("delivered");
        assertThat(result.event()).isEqualTo("link.opened");
        assertThat(result.deliveryId()).matches("whd_[0-9a-f]{24}");
        assertThat(result.attempt().httpStatus()).isEqualTo(200);
        assertThat(result.attempt().error()).isNull();
        LoopbackReceiver.Received sample = receiver.await("/test", 1, Duration.ofSeconds(2)).get(0);
        assertThat(sample.header("X-M2M-Signature")).isEqualTo(WebhookSigner.signature(secret,
                Long.parseLong(sample.header("X-M2M-Timestamp")), sample.body()));
        assertThat(sample.header("X-M2M-Webhook-Id")).isEqualTo(result.webhookId());
        JsonNode body = new ObjectMapper().readTree(sample.body());
        assertThat(body.get("event").asText()).isEqualTo("link.opened");
        assertThat(body.at("/data/linkId").asText()).startsWith("link_acme_");
        assertThat(body.at("/data/deviceInfo/platform").isTextual()).isTrue();
        assertThat(webhooks.queries.get(SANDBOX, result.deliveryId()).attempts()).hasSize(1);
    }

    @Test
    void aFailedFirstAttemptIsReportedAndRetriedLikeAnyDelivery() {
        receiver.respond("/test", 503);
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "operation.created");

        assertThat(result.status()).isEqualTo("pending");
        assertThat(result.attempt().httpStatus()).isEqualTo(503);
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> webhooks.sandbox.test(LIVE, "link.opened")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> webhooks.sandbox.test(SANDBOX, "link.opened"))
                .isInstanceOf(InvalidStateException.class).hasMessage("No webhook URL is configured");
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));
        for (Object bad : new Object[]{null, "", "link.exploded", 42}) {
            assertThatThrownBy(() -> webhooks.sandbox.test(SANDBOX, bad)).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("event"));
        }
        assertThat(receiver.received("/test")).isEmpty();
    }

    @Test
    void everyEventHasAPlausibleSampleWithoutPersonalData() throws Exception {
        SampleWebhooks samples = webhooks.samples;
        Instant now = Instant.parse("2026-02-10T14:30:00Z");
        for (String event : WebhookEventTypes.ALL) {
            OutgoingWebhook sample = samples.sample(event, SANDBOX, now);
            JsonNode body = new ObjectMapper().readTree(sample.body());
            assertThat(body.get("event").asText()).isEqualTo(event);
            assertThat(body.get("timestamp").asText()).isEqualTo("2026-02-10T14:30:00.000Z");
            assertThat(body.get("id").asText()).startsWith("evt_");
            assertThat(body.at("/data/referenceId").asText()).as(event).isEqualTo(SampleWebhooks.REFERENCE_ID);
            assertThat(sample.body()).as(event).doesNotContain("firstName", "idNumber\":", "dob\":", "accountNumber");
        }
    }

    @Test
    void everySampleHasExactlyTheRealWebhooksShape() throws Exception {
        Map<String, List<String>> shapes = Map.ofEntries(
                Map.entry("link.created", List.of("linkId", "referenceId", "url", "status", "expiresAt", "createdAt",
                        "metadata")),
                Map.entry("link.opened", List.of("linkId", "referenceId", "openedAt", "deviceInfo", "metadata")),
                Map.entry("link.completed", List.of("linkId", "referenceId", "status", "completedAt", "operationId",
                        "metadata")),
                Map.entry("link.expired", List.of("linkId", "referenceId", "status", "expiredAt", "metadata")),
                Map.entry("link.revoked", List.of("linkId", "referenceId", "status", "revokedAt", "reason",
                        "metadata")),
                Map.entry("user.data_request", List.of("dataRequestId", "referenceId", "linkId", "requiredFields",
                        "replyEndpoint", "expiresAt")),
                Map.entry("user.cip_verified", List.of("referenceId", "userId", "status", "verifiedAt", "linkId")),
                Map.entry("user.cip_failed", List.of("referenceId", "userId", "status", "failedAt", "reason",
                        "linkId")),
                Map.entry("operation.created", List.of("operationId", "referenceId", "linkId", "userId", "status",
                        "amount", "createdAt")),
                Map.entry("operation.completed", List.of("operationId", "referenceId", "linkId", "userId", "status",
                        "amount", "completedAt")),
                Map.entry("operation.failed", List.of("operationId", "referenceId", "linkId", "userId", "status",
                        "amount", "failedAt", "reason")),
                Map.entry("operation.cancelled", List.of("operationId", "referenceId", "linkId", "userId", "status",
                        "cancelledAt", "reason")));
        assertThat(shapes.keySet()).containsExactlyInAnyOrderElementsOf(WebhookEventTypes.ALL);
        Instant now = Instant.parse("2026-02-10T14:30:00Z");
        for (String event : WebhookEventTypes.ALL) {
            JsonNode data = new ObjectMapper().readTree(webhooks.samples.sample(event, SANDBOX, now).body()).get("data");
            List<String> members = new ArrayList<>();
            data.fieldNames().forEachRemaining(members::add);
            assertThat(members).as(event).isEqualTo(shapes.get(event));
            if (data.has("status")) {
                assertThat(data.get("status").asText()).as(event).isEqualTo(event.equals("link.created") ? "created"
                        : event.substring(event.indexOf('.') + 1));
            }
            if (data.has("amount")) {
                assertThat(data.get("amount").toString()).as(event).isEqualTo("{\"send\":100.0,\"receive\":1725.0,"
                        + "\"rate\":17.25,\"fee\":3.99,\"currency\":{\"source\":\"USD\",\"destination\":\"MXN\"}}");
                assertThat(data.at("/amount/send").isNumber()).isTrue();
            }
        }
        JsonNode opened = new ObjectMapper().readTree(webhooks.samples.sample("link.opened", SANDBOX, now).body());
        List<String> device = new ArrayList<>();
        opened.at("/data/deviceInfo").fieldNames().forEachRemaining(device::add);
        assertThat(device).containsExactly("userAgent", "platform", "language");
        String created = webhooks.samples.sample("operation.created", SANDBOX, now).body();
        assertThat(created).contains("\"send\":100.00,\"receive\":1725.00,\"rate\":17.25,\"fee\":3.99")
                .doesNotContain("payout").doesNotContain("accountLast4");
    }

    /** The attempt holds a request thread: one at a time per partner environment, others are not affected. */
    @Test
    void aSecondTestWhileOneIsBeingSentIsRefused() throws Exception {
        useTimeout(Duration.ofSeconds(5));
        receiver.delay("/test", Duration.ofMillis(1500));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));
        webhooks.configure("globex", Environment.SANDBOX, receiver.url("/globex"));
        CompletableFuture<SandboxTestResult> first =
                CompletableFuture.supplyAsync(() -> webhooks.sandbox.test(SANDBOX, "link.opened"));
        receiver.await("/test", 1, Duration.ofSeconds(2));

        assertThatThrownBy(() -> webhooks.sandbox.test(SANDBOX, "link.created"))
                .isInstanceOf(InvalidStateException.class).hasMessage("A test webhook is already being sent");
        assertThat(webhooks.sandbox.test(new Tenant("globex", Environment.SANDBOX), "link.opened").status())
                .as("another partner's test is not held up").isEqualTo("delivered");

        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo("delivered");
        assertThat(receiver.received("/test")).as("the refused test sent nothing").hasSize(1);
        assertThat(webhooks.db.count("webhook_delivery")).as("nor created a delivery").isEqualTo(2);
        receiver.delay("/test", Duration.ZERO);
        assertThat(webhooks.sandbox.test(SANDBOX, "link.created").status()).as("free again once done")
                .isEqualTo("delivered");
    }

    @Test
    void aFailedTestFreesTheEnvironmentForTheNextOne() {
        receiver.respond("/test", 500, 200);
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));

        assertThat(webhooks.sandbox.test(SANDBOX, "link.opened").attempt().httpStatus()).isEqualTo(500);
        assertThat(webhooks.sandbox.test(SANDBOX, "link.opened").attempt().httpStatus()).isEqualTo(200);
    }

    /** With the default 30 s delivery timeout, the request waits 10 s at most; the sample is retried later. */
    @Test
    void aTestAttemptWaitsTenSecondsAtMost() {
        useTimeout(Duration.ofSeconds(30));
        assertThat(webhooks.sandbox.testTimeout()).isEqualTo(Duration.ofSeconds(10));
        receiver.delay("/test", Duration.ofSeconds(14));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));

        long started = System.nanoTime();
        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(Duration.ofMillis(9500), Duration.ofSeconds(13));
        assertThat(result.attempt().httpStatus()).isNull();
        assertThat(result.attempt().error()).isEqualTo(WebhookSender.NO_RESPONSE);
        assertThat(result.status()).as("retried like any delivery").isEqualTo("pending");
    }

    @Test
    void aShorterConfiguredTimeoutAppliesToTestsToo() {
        assertThat(webhooks.sandbox.testTimeout()).isEqualTo(Duration.ofSeconds(2));
        receiver.delay("/test", Duration.ofSeconds(4));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/test"));

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");

        assertThat(result.attempt().error()).isEqualTo(WebhookSender.NO_RESPONSE);
        assertThat(result.attempt().durationMs()).isBetween(1900L, 3500L);
    }
}

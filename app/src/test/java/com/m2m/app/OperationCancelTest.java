package com.m2m.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling from the widget while the operation is still {@code created} (the sandbox payout is held back here). */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.cip.sandbox-delay=200ms", "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=10m"})
class OperationCancelTest {

    @LocalServerPort
    int port;

    private WebhookReceiver receiver;

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void theUserCancelsWhileCreated() {
        ApiClient api = new ApiClient(port);
        receiver = new WebhookReceiver();
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("cancel"));
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key).send();
        ApiClient.Response link = api.post("/partner/links", "{\"referenceId\":\"c-1\",\"userData\":" + WidgetApiTest.FULL_DATA + "}")
                .key(key).send();
        String session = api.post("/widget/api/sessions", "{\"linkId\":\"" + link.data().get("linkId").asText()
                + "\",\"token\":\"" + link.data().get("token").asText() + "\"}").send().data().get("sessionToken").asText();
        api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        receiver.await("/hooks", r -> r.event().equals("user.cip_verified"), 1, Duration.ofSeconds(15));
        String quoteId = api.post("/widget/api/quotes", "{\"send\":25.50,\"destinationCurrency\":\"MXN\"}").bearer(session)
                .send().data().get("quoteId").asText();
        String operationId = api.post("/widget/api/operations", "{\"quoteId\":\"" + quoteId + "\"}").bearer(session)
                .send().data().get("operationId").asText();

        ApiClient.Response cancelled = api.post("/widget/api/operations/" + operationId + "/cancel", null).bearer(session).send();
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.data().get("status").asText()).isEqualTo("cancelled");
        assertThat(api.post("/widget/api/operations/" + operationId + "/cancel", null).bearer(session).send().status())
                .isEqualTo(409);
        assertThat(api.get("/partner/operations?status=cancelled").key(key).send().data().at("/pagination/total").asInt())
                .isEqualTo(1);
        WebhookReceiver.Received webhook = receiver.await("/hooks", r -> r.event().equals("operation.cancelled"), 1,
                Duration.ofSeconds(10)).get(0);
        assertThat(webhook.json().at("/data/operationId").asText()).isEqualTo(operationId);
        assertThat(api.post("/widget/api/operations/op_x_000000000000/cancel", null).bearer(session).send().status())
                .isEqualTo(404);
    }
}

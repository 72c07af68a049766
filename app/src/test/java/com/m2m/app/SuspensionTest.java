package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suspended partner's end users can no longer move money: every widget call answers 403 {@code PARTNER_SUSPENDED}
 * (sessions, state, details, verification, quotes, operations, cancellations), and an operation created before
 * the suspension whose payout has not started is cancelled ({@code partner_suspended}) instead of paid.
 */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.cip.sandbox-delay=200ms", "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=4s"})
class SuspensionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    private ApiClient api;
    private WebhookReceiver receiver;
    private String partnerId;
    private String key;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        receiver = new WebhookReceiver();
        partnerId = Partners.uniqueId("susp");
        key = new Partners(api).sandboxPartner(partnerId);
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key).send();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    record IssuedLink(String linkId, String token) {
    }

    private IssuedLink link(String referenceId) {
        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"" + referenceId
                + "\",\"userData\":" + WidgetApiTest.FULL_DATA + "}").key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new IssuedLink(created.data().get("linkId").asText(), created.data().get("token").asText());
    }

    private ApiClient.Response openSession(IssuedLink link) {
        return api.post("/widget/api/sessions", "{\"linkId\":\"" + link.linkId() + "\",\"token\":\"" + link.token()
                + "\"}").send();
    }

    /** A verified user's session with a fresh quote: one click from sending money. */
    private String[] verifiedSessionWithQuote(IssuedLink link) {
        ApiClient.Response opened = openSession(link);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String session = opened.data().get("sessionToken").asText();
        WidgetCalls widget = new WidgetCalls(api, session);
        widget.startVerification();
        awaitStatus(session, "cip_verified");
        return new String[]{session, widget.quote("100")};
    }

    private void awaitStatus(String session, String status) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = api.get("/widget/api/state").bearer(session).send().data();
            if (status.equals(state.at("/user/status").asText())) {
                return;
            }
            WidgetApiTest.sleep(100);
        }
        throw new AssertionError("the user never became " + status);
    }

    private void suspend() {
        ApiClient.Response suspended = api.post("/admin/partners/" + partnerId + "/suspend", null)
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
    }

    private static void assertSuspended(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("PARTNER_SUSPENDED");
        assertThat(response.body().at("/error/message").asText()).isEqualTo("Partner account is suspended or not found");
    }

    @Test
    void suspensionRefusesTheWholeWidgetFlow() {
        String[] ready = verifiedSessionWithQuote(link("s-1"));
        String session = ready[0];
        String quoteId = ready[1];
        IssuedLink unopened = link("s-2");
        // An operation made before the suspension, to try cancelling after it.
        IssuedLink third = link("s-3");
        String[] other = verifiedSessionWithQuote(third);
        ApiClient.Response made = api.post("/widget/api/operations", "{\"quoteId\":\"" + other[1] + "\"}")
                .bearer(other[0]).send();
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String operationId = made.data().get("operationId").asText();

        suspend();

        ApiClient.Response newSession = openSession(unopened);
        assertSuspended(newSession);
        assertSuspended(api.get("/widget/api/state").bearer(session).send());
        assertSuspended(api.post("/widget/api/details", "{\"userData\":{\"dob\":\"1990-05-15\"}}").bearer(session).send());
        assertSuspended(api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send());
        assertSuspended(api.post("/widget/api/quotes", "{\"send\":100,\"destinationCurrency\":\"MXN\"}")
                .bearer(session).send());
        assertSuspended(api.post("/widget/api/operations", "{\"quoteId\":\"" + quoteId + "\"}").bearer(session).send());
        assertSuspended(api.post("/widget/api/operations/" + operationId + "/cancel", null).bearer(other[0]).send());

        // A wrong token learns nothing more than for any partner's link.
        ApiClient.Response wrongToken = openSession(new IssuedLink(unopened.linkId(), "00000000-0000-4000-8000-000000000000"));
        assertThat(wrongToken.status()).isEqualTo(404);

        // Nothing happened: the unopened link was not opened, the quoted one made no operation.
        api.post("/admin/partners/" + partnerId + "/reactivate", null).bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(api.get("/partner/links/" + unopened.linkId()).key(key).send().data().get("status").asText())
                .isEqualTo("created");
        assertThat(api.get("/partner/operations?referenceId=s-1").key(key).send().data().at("/pagination/total")
                .asInt()).isZero();
        // Reactivated, the same session sends money again.
        ApiClient.Response afterReactivation = api.post("/widget/api/operations", "{\"quoteId\":\"" + quoteId + "\"}")
                .bearer(session).send();
        assertThat(afterReactivation.status()).as(afterReactivation.toString()).isEqualTo(201);
    }

    @Test
    void anOperationWhosePayoutHadNotStartedIsCancelledByTheSuspension() {
        String[] ready = verifiedSessionWithQuote(link("s-4"));
        ApiClient.Response made = api.post("/widget/api/operations", "{\"quoteId\":\"" + ready[1] + "\"}")
                .bearer(ready[0]).send();
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String operationId = made.data().get("operationId").asText();

        suspend(); // the payout step is due 4 s after the creation: still created now

        WebhookReceiver.Received cancelled = receiver.await("/hooks", r -> r.event().equals("operation.cancelled"),
                1, WAIT).get(0);
        assertThat(cancelled.json().at("/data/operationId").asText()).isEqualTo(operationId);
        assertThat(cancelled.json().at("/data/reason").asText()).isEqualTo("partner_suspended");
        assertThat(receiver.received("/hooks")).noneMatch(r -> r.event().equals("operation.completed")
                || r.event().equals("operation.processing"));
        api.post("/admin/partners/" + partnerId + "/reactivate", null).bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(api.get("/partner/operations/" + operationId).key(key).send().data().get("status").asText())
                .isEqualTo("cancelled");
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.operation.Money;
import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.validation.IdImage;
import com.m2m.domain.user.validation.IdTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The widget API as a native integration would call it: every step, and every refusal docs/widget.md names. */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.cip.sandbox-delay=300ms", "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=300ms", "m2m.widget.session-minutes=600"})
class WidgetApiTest extends WebhookPartnerTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String FULL_DATA = """
            {"name":{"firstName":"Juan","secondName":"Carlos","lastName":"Pérez","secondLastName":"García"},
             "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15",
             "paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}""";

    @Autowired
    TestClock clock;

    WidgetApiTest() {
        super("wapi");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A link's id and token, as the partner got them. */
    record IssuedLink(String linkId, String token) {
    }

    IssuedLink link(String body) {
        ApiClient.Response created = api.post("/partner/links", body).key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new IssuedLink(created.data().get("linkId").asText(), created.data().get("token").asText());
    }

    ApiClient.Response openSession(IssuedLink link) {
        return api.post("/widget/api/sessions", "{\"linkId\":\"" + link.linkId() + "\",\"token\":\"" + link.token()
                + "\",\"deviceInfo\":{\"userAgent\":\"JUnit\",\"platform\":\"test\",\"language\":\"es-MX\"}}").send();
    }

    String session(IssuedLink link) {
        ApiClient.Response session = openSession(link);
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        return session.data().get("sessionToken").asText();
    }

    JsonNode state(String session) {
        ApiClient.Response state = api.get("/widget/api/state").bearer(session).send();
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        return state.data();
    }

    JsonNode awaitState(String session, String path, String value) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = state(session);
            if (value.equals(last.at(path).asText())) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError(path + " never became " + value + "; last " + last);
    }

    @Test
    void aFirstTransactionFromLinkToCompletedTransfer() {
        IssuedLink link = link("{\"referenceId\":\"w-1\",\"userData\":{\"name\":{\"firstName\":\"Juan\",\"lastName\":\"Pérez\"}}}");
        String session = session(link);
        JsonNode state = state(session);
        assertThat(state.at("/link/status").asText()).isEqualTo("opened");
        assertThat(state.get("nextStep").asText()).isEqualTo("details");
        assertThat(state.at("/user/prefilled/name.firstName").asText()).isEqualTo("J***");
        assertThat(state.toString()).doesNotContain("Juan");

        ApiClient.Response details = api.post("/widget/api/details", "{\"userData\":{\"name\":{\"firstName\":\"Juanito\","
                + "\"secondName\":\"Carlos\",\"secondLastName\":\"García\"},\"idType\":\"CURP\",\"idNumber\":\"GAPA900515HDFRRL09\","
                + "\"dob\":\"1990-05-15\",\"paymentMethod\":{\"type\":\"bank_account\",\"bankAccount\":{\"country\":\"MX\","
                + "\"accountNumber\":\"014027000005555558\"}}}}").bearer(session).send();
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        assertThat(details.data().get("ignoredFields")).extracting(JsonNode::asText).containsExactly("name.firstName");
        assertThat(details.data().get("status").asText()).isEqualTo("data_complete");
        assertThat(details.data().get("nextStep").asText()).isEqualTo("verify");
        assertThat(state(session).at("/link/status").asText()).isEqualTo("in_progress");

        ApiClient.Response verification = api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        assertThat(verification.status()).isEqualTo(202);
        assertThat(verification.data().get("status").asText()).isEqualTo("cip_pending");
        awaitState(session, "/user/status", "cip_verified");
        assertThat(state(session).get("nextStep").asText()).isEqualTo("send");

        ApiClient.Response quote = api.post("/widget/api/quotes", "{\"send\":100.00,\"destinationCurrency\":\"MXN\"}")
                .bearer(session).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        assertThat(quote.data().get("receive").decimalValue()).isEqualByComparingTo("1725.00");
        assertThat(quote.data().get("rate").decimalValue()).isEqualByComparingTo("17.25");
        assertThat(quote.data().get("fee").decimalValue()).isEqualByComparingTo("3.99");

        ApiClient.Response operation = api.post("/widget/api/operations",
                "{\"quoteId\":\"" + quote.data().get("quoteId").asText() + "\"}").bearer(session).send();
        assertThat(operation.status()).as(operation.toString()).isEqualTo(201);
        String operationId = operation.data().get("operationId").asText();
        assertThat(operationId).startsWith("op_");
        assertThat(operation.data().at("/payout/accountLast4").asText()).isEqualTo("5558");
        assertThat(state(session).at("/link/status").asText()).isEqualTo("completed");
        awaitState(session, "/operation/status", "completed");
        ApiClient.Response used = openSession(link);
        assertThat(used.status()).isEqualTo(409);
        assertThat(used.body().at("/error/state").asText()).as("a used link says so in a word").isEqualTo("completed");

        JsonNode partnerView = api.get("/partner/operations/" + operationId).key(key).send().data();
        assertThat(partnerView.get("status").asText()).isEqualTo("completed");
        assertThat(partnerView.at("/amount/receive").decimalValue()).isEqualByComparingTo("1725");
        List<String> events = receiver.await("/hooks", r -> r.event().equals("operation.completed"), 1, WAIT).isEmpty()
                ? List.of() : receiver.received("/hooks").stream().map(WebhookReceiver.Received::event).toList();
        assertThat(events).contains("link.created", "user.data_request", "link.opened", "user.cip_verified",
                "operation.created", "link.completed", "operation.completed");
        assertThat(receiver.received("/hooks").stream().map(r -> new String(r.body())).toList())
                .noneMatch(body -> body.contains("014027000005555558") || body.contains("GAPA900515HDFRRL09"));
        JsonNode opened = receiver.received("/hooks").stream().filter(r -> r.event().equals("link.opened")).findFirst()
                .orElseThrow().json();
        assertThat(opened.at("/data/deviceInfo/userAgent").asText()).isEqualTo("JUnit");

        // The second link of a verified user goes straight to send.
        IssuedLink second = link("{\"referenceId\":\"w-1\"}");
        assertThat(state(session(second)).get("nextStep").asText()).isEqualTo("send");
    }

    @Test
    void readingTheWidgetPageNeverConsumesTheLink() throws Exception {
        IssuedLink link = link("{\"referenceId\":\"w-prefetch\"}");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) { // a mail scanner prefetching the URL, more than once
            java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/w/" + link.linkId() + "/m2m-basic")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(link.token());
        }
        assertThat(api.get("/partner/links/" + link.linkId()).key(key).send().data().get("status").asText())
                .isEqualTo("created");
        assertThat(receiver.received("/hooks").stream().map(WebhookReceiver.Received::event))
                .doesNotContain("link.opened");
    }

    /** The tables the widget builds its forms from: the domain's own, behind the widget session. */
    @Test
    void theConfigServesTheDomainsTables() {
        assertThat(api.get("/widget/api/config").send().status()).isEqualTo(401);
        String session = session(link("{\"referenceId\":\"w-config\"}"));
        ApiClient.Response config = api.get("/widget/api/config").bearer(session).send();
        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        JsonNode data = config.data();
        assertThat(data.get("idTypes")).extracting(JsonNode::asText).containsExactlyElementsOf(IdTypes.ALLOWED);
        assertThat(data.get("paymentMethodTypes")).extracting(JsonNode::asText)
                .containsExactly(PaymentMethod.BANK_ACCOUNT, PaymentMethod.CASH);
        assertThat(data.get("payoutCountries")).extracting(c -> c.get("country").asText() + ":" + c.get("currency").asText())
                .containsExactly("MX:MXN", "GT:GTQ", "CO:COP");
        data.get("payoutCountries").forEach(c -> assertThat(SandboxRates.currencyOf(c.get("country").asText()))
                .contains(c.get("currency").asText()));
        assertThat(data.get("destinationCurrencies")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(SandboxRates.destinationCurrencies())
                .startsWith("MXN");
        assertThat(data.at("/send/currency").asText()).isEqualTo("USD");
        assertThat(data.at("/send/min").decimalValue()).isEqualByComparingTo(Money.MIN_SEND);
        assertThat(data.at("/send/max").decimalValue()).isEqualByComparingTo(Money.MAX_SEND);
        assertThat(data.get("idImageMaxBytes").asInt()).isEqualTo(IdImage.MAX_BYTES);
    }

    @Test
    void sessionsAreRefusedForWrongTokensAndFinishedLinks() {
        IssuedLink link = link("{\"referenceId\":\"w-2\"}");
        ApiClient.Response wrong = openSession(new IssuedLink(link.linkId(), "00000000-0000-4000-8000-000000000000"));
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.errorCode()).isEqualTo("RESOURCE_NOT_FOUND");
        ApiClient.Response unknown = openSession(new IssuedLink("link_nobody_000000000000", link.token()));
        assertThat(unknown.body().at("/error/message")).isEqualTo(wrong.body().at("/error/message"));
        assertThat(api.get("/partner/links/" + link.linkId()).key(key).send().data().get("status").asText())
                .as("a wrong token does not open the link").isEqualTo("created");

        assertThat(api.get("/widget/api/state").send().status()).isEqualTo(401);
        assertThat(api.get("/widget/api/state").bearer("ws_forged").send().status()).isEqualTo(401);

        String session = session(link);
        api.post("/partner/links/" + link.linkId() + "/revoke", "{}").key(key).send();
        ApiClient.Response revoked = openSession(link);
        assertThat(revoked.status()).isEqualTo(409);
        assertThat(revoked.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(revoked.body().at("/error/state").asText()).as("what the widget branches on").isEqualTo("revoked");
        ApiClient.Response actionOnRevoked = api.post("/widget/api/details", "{\"userData\":{\"dob\":\"1990-05-15\"}}")
                .bearer(session).send();
        assertThat(actionOnRevoked.status()).isEqualTo(409);

        IssuedLink expiring = link("{\"referenceId\":\"w-3\"}");
        String expiringSession = session(expiring);
        assertThat(api.post("/partner/sandbox/links/" + expiring.linkId() + "/expire", null).key(key).send().status())
                .isEqualTo(200);
        ApiClient.Response expired = openSession(expiring);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.errorCode()).isEqualTo("LINK_EXPIRED");
        assertThat(api.post("/widget/api/details", "{\"userData\":{\"dob\":\"1990-05-15\"}}").bearer(expiringSession)
                .send().status()).isEqualTo(410);
        assertThat(api.post("/partner/links/" + expiring.linkId() + "/revoke", "{}").key(key).send().status()).isEqualTo(410);
        receiver.await("/hooks", r -> r.event().equals("link.expired")
                && r.json().at("/data/linkId").asText().equals(expiring.linkId()), 1, WAIT);
    }

    @Test
    void actionsAreRefusedUntilTheirPreconditionsHold() {
        IssuedLink link = link("{\"referenceId\":\"w-4\",\"expiresInMinutes\":600}");
        String session = session(link);

        ApiClient.Response incomplete = api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        assertThat(incomplete.status()).isEqualTo(409);
        assertThat(incomplete.errorCode()).isEqualTo("INVALID_STATE");
        ApiClient.Response noConsent = api.post("/widget/api/verification", "{\"consent\":false}").bearer(session).send();
        assertThat(noConsent.body().at("/error/field").asText()).isEqualTo("consent");
        ApiClient.Response unverifiedQuote = api.post("/widget/api/quotes", "{\"send\":100,\"destinationCurrency\":\"MXN\"}")
                .bearer(session).send();
        assertThat(unverifiedQuote.status()).isEqualTo(409);
        ApiClient.Response badDetails = api.post("/widget/api/details", "{\"userData\":{\"dob\":\"2020-01-01\"}}")
                .bearer(session).send();
        assertThat(badDetails.body().at("/error/field").asText()).isEqualTo("userData.dob");

        api.post("/widget/api/details", "{\"userData\":" + FULL_DATA + "}").bearer(session).send();
        api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        awaitState(session, "/user/status", "cip_verified");

        for (String amount : new String[]{"0.99", "2999.01", "100.001", "\"100\""}) {
            ApiClient.Response refused = api.post("/widget/api/quotes", "{\"send\":" + amount + ",\"destinationCurrency\":\"MXN\"}")
                    .bearer(session).send();
            assertThat(refused.status()).as(amount).isEqualTo(400);
            assertThat(refused.body().at("/error/field").asText()).isEqualTo("send");
        }
        assertThat(api.post("/widget/api/quotes", "{\"send\":100,\"destinationCurrency\":\"GTQ\"}").bearer(session).send()
                .body().at("/error/field").asText()).as("an MX account is paid in MXN").isEqualTo("destinationCurrency");

        String quoteId = api.post("/widget/api/quotes", "{\"send\":2999.00,\"destinationCurrency\":\"MXN\"}").bearer(session)
                .send().data().get("quoteId").asText();
        clock.advance(Duration.ofMinutes(31));
        ApiClient.Response expiredQuote = api.post("/widget/api/operations", "{\"quoteId\":\"" + quoteId + "\"}")
                .bearer(session).send();
        assertThat(expiredQuote.status()).isEqualTo(409);
        assertThat(expiredQuote.body().at("/error/message").asText()).contains("quote");
        assertThat(expiredQuote.body().at("/error/state").asText()).isEqualTo("quote_expired");
        assertThat(api.post("/widget/api/operations", "{\"quoteId\":\"qt_unknown\"}").bearer(session).send().status())
                .isEqualTo(404);

        String fresh = api.post("/widget/api/quotes", "{\"send\":50,\"destinationCurrency\":\"MXN\"}").bearer(session)
                .send().data().get("quoteId").asText();
        ApiClient.Response created = api.post("/widget/api/operations", "{\"quoteId\":\"" + fresh + "\"}").bearer(session).send();
        assertThat(created.status()).isEqualTo(201);
        ApiClient.Response again = api.post("/widget/api/operations", "{\"quoteId\":\"" + fresh + "\"}").bearer(session).send();
        assertThat(again.status()).as("a completed link refuses every action").isEqualTo(409);
    }

    @Test
    void aFailedVerificationBlocksTransfers() {
        IssuedLink link = link("{\"referenceId\":\"w-5\",\"userData\":" + FULL_DATA.replace("1990-05-15", "1900-01-01") + "}");
        String session = session(link);
        assertThat(state(session).get("nextStep").asText()).isEqualTo("verify");
        api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        JsonNode failed = awaitState(session, "/user/status", "cip_failed");
        assertThat(failed.get("nextStep").asText()).isEqualTo("verify");
        assertThat(api.post("/widget/api/quotes", "{\"send\":100,\"destinationCurrency\":\"MXN\"}").bearer(session).send()
                .status()).isEqualTo(409);
        assertThat(api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send().status()).isEqualTo(409);
        WebhookReceiver.Received webhook = receiver.await("/hooks", r -> r.event().equals("user.cip_failed"), 1, WAIT).get(0);
        assertThat(webhook.json().at("/data/reason").asText()).isEqualTo("identity_mismatch");
        assertThat(api.get("/partner/users/w-5").key(key).send().data().get("status").asText()).isEqualTo("cip_failed");
    }

    @Test
    void aBouncingAccountFailsTheOperation() {
        IssuedLink link = link("{\"referenceId\":\"w-6\",\"userData\":"
                + FULL_DATA.replace("014027000005555558", "012180999999999995") + "}");
        String session = session(link);
        api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        awaitState(session, "/user/status", "cip_verified");
        String quoteId = api.post("/widget/api/quotes", "{\"send\":10,\"destinationCurrency\":\"MXN\"}").bearer(session)
                .send().data().get("quoteId").asText();
        String operationId = api.post("/widget/api/operations", "{\"quoteId\":\"" + quoteId + "\"}").bearer(session).send()
                .data().get("operationId").asText();
        JsonNode failed = awaitState(session, "/operation/status", "failed");
        assertThat(failed.at("/operation/failureReason").asText()).isEqualTo("account_closed");
        assertThat(api.post("/widget/api/operations/" + operationId + "/cancel", null).bearer(session).send().status())
                .as("too late to cancel").isEqualTo(409);
        receiver.await("/hooks", r -> r.event().equals("operation.failed"), 1, WAIT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

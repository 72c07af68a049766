package com.m2m.app;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log lines a request causes carry its request id, partner and environment; and the whole seed journey, run
 * with the seed's personal data, writes none of that data to any log line.
 */
@OperationsPlatformTest
@ExtendWith(OutputCaptureExtension.class)
class TraceableLogsTest extends PlatformClientTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** The seed's personal data: none of these may appear in a log line. */
    static final List<String> PII = List.of("Juan", "Carlos", "Pérez", "García", "Garcia",
            "GAPA900515HDFRRL09", "1990-05-15", "014027000005555558");

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void aRequestsLogLinesCarryItsRequestIdPartnerAndEnvironment(CapturedOutput output) {
        String partnerId = Partners.uniqueId("logs");
        String key = OperationsTest.onboard(api, partnerId);

        ApiClient.Response refused = api.get("/partner/links/lnk_missing").key(key)
                .header("X-Request-Id", "ticket-4711.a_b").send();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("X-Request-Id")).isEqualTo("ticket-4711.a_b");
        assertThat(refused.body().at("/error/requestId").asText()).isEqualTo("ticket-4711.a_b");

        List<String> lines = awaitLines(output, "ticket-4711.a_b", "answered 404");
        assertThat(lines).as("the refusal is logged with the request id").isNotEmpty();
        assertThat(lines).allSatisfy(line -> assertThat(line).contains(partnerId).contains("sandbox"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET /partner/links/lnk_missing answered 404"));

        ApiClient.Response malformed = api.get("/partner/links/lnk_missing").key(key)
                .header("X-Request-Id", "no spaces allowed!").send();
        assertThat(malformed.header("X-Request-Id")).as("a malformed id is replaced").startsWith("req_");
        assertThat(awaitLines(output, malformed.header("X-Request-Id"), "answered 404")).isNotEmpty();
        assertThat(output.getAll()).doesNotContain("no spaces allowed!");

        ApiClient.Response tooLong = api.get("/partner/profile").key(key).header("X-Request-Id", "x".repeat(65)).send();
        assertThat(tooLong.header("X-Request-Id")).startsWith("req_");

        ApiClient.Response unauthenticated = api.get("/partner/links").header("X-Request-Id", "no-key-0001").send();
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(awaitLines(output, "no-key-0001", "answered 401 UNAUTHORIZED")).isNotEmpty();
    }

    @Test
    void theSeedJourneyLogsNoPersonalData(CapturedOutput output) {
        String key = OperationsTest.onboard(api, Partners.uniqueId("pii"));
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key).send();

        // A link with the full userData, and one that is refused with it (the body must not be logged either).
        ApiClient.Response full = api.post("/partner/links", """
                {"referenceId":"pii_full","userData":{"name":{"firstName":"Juan","secondName":"Carlos","lastName":"Pérez","secondLastName":"García"},
                 "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15",
                 "paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""")
                .key(key).header("X-Request-Id", "pii-full-link").send();
        assertThat(full.status()).as(full.toString()).isEqualTo(201);
        ApiClient.Response refused = api.post("/partner/links", """
                {"referenceId":"pii_bad","userData":{"name":{"firstName":"Juan","lastName":"Pérez"},"dob":"1990-05-15","idNumber":"GAPA900515HDFRRL09","idType":"NOPE"}}""")
                .key(key).header("X-Request-Id", "pii-refused-link").send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);

        // The seed journey: partial data, the data request answered, then the widget to a completed transfer.
        ApiClient.Response link = api.post("/partner/links", """
                {"referenceId":"user_12345","userData":{"name":{"firstName":"Juan","lastName":"Garcia"}}}""")
                .key(key).send();
        assertThat(link.status()).as(link.toString()).isEqualTo(201);
        JsonNode request = receiver.await("/hooks", r -> r.event().equals("user.data_request"), 1, WAIT).get(0)
                .json().get("data");
        String reply = URI.create(request.get("replyEndpoint").asText()).getPath();
        ApiClient.Response answer = api.put(reply, """
                {"referenceId":"user_12345","userData":{"name":{"secondName":"Carlos","secondLastName":"García"},
                 "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15"}}""").key(key).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);

        ApiClient.Response session = api.post("/widget/api/sessions", "{\"linkId\":\""
                + link.data().get("linkId").asText() + "\",\"token\":\"" + link.data().get("token").asText() + "\"}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        String bearer = session.data().get("sessionToken").asText();
        ApiClient.Response badDetails = api.post("/widget/api/details", "{\"userData\":{\"dob\":\"2020-01-01\"}}")
                .bearer(bearer).send();
        assertThat(badDetails.status()).isEqualTo(400);
        ApiClient.Response details = api.post("/widget/api/details", """
                {"userData":{"paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""")
                .bearer(bearer).send();
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        WidgetCalls widget = new WidgetCalls(api, bearer);
        widget.startVerification();
        awaitNextStep(bearer, "send");
        widget.send("100.00");
        receiver.await("/hooks", r -> r.event().equals("operation.completed"), 1, WAIT);
        api.get("/partner/users/user_12345").key(key).send();

        assertThat(awaitLines(output, "pii-refused-link", "answered 400"))
                .as("the capture works: the refused request was logged").isNotEmpty();
        String logs = output.getAll();
        for (String value : PII) {
            assertThat(logs).as("personal data in the logs").doesNotContain(value);
        }
    }

    private void awaitNextStep(String bearer, String step) {
        Instant deadline = Instant.now().plus(WAIT);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get("/widget/api/state").bearer(bearer).send().data().get("nextStep").asText();
            if (step.equals(last)) {
                return;
            }
            Pause.millis(100);
        }
        throw new AssertionError("nextStep never became " + step + "; last " + last);
    }

    private static List<String> linesWith(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).toList();
    }

    /**
     * The lines containing {@code text}, once one of them also contains {@code marker}: a request's last line
     * (its outcome) is written just after the answer has gone out, so the test waits for it (bounded).
     */
    private static List<String> awaitLines(CapturedOutput output, String text, String marker) {
        Instant deadline = Instant.now().plus(WAIT);
        List<String> lines = linesWith(output, text);
        while (lines.stream().noneMatch(line -> line.contains(marker)) && Instant.now().isBefore(deadline)) {
            Pause.millis(20);
            lines = linesWith(output, text);
        }
        if (lines.stream().noneMatch(line -> line.contains(marker))) {
            throw new AssertionError("no log line with " + text + " and " + marker + "; lines with it: " + lines);
        }
        return lines;
    }
}

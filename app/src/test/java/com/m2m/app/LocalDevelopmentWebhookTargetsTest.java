package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import com.m2m.domain.testing.DeadEndpoints;
import com.m2m.domain.webhook.WebhookTargetPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code m2m.webhooks.allow-private-targets=true} (set by {@link PlatformTest}, as the embedded default does):
 * a sandbox partner delivers to a loopback receiver; live still cannot configure loopback, and sandbox still
 * cannot reach anything special other than loopback and private addresses. Failures read the same whatever
 * happened on the socket.
 */
@PlatformTest
class LocalDevelopmentWebhookTargetsTest extends PlatformClientTest {

    /** Private targets allow loopback and private ranges, and nothing else special. */
    static final List<String> STILL_REFUSED_IN_SANDBOX = List.of("localhost.", "127.1", "0x7f000001", "0177.0.0.1",
            "017700000001", "2130706433", "0.0.0.0", "169.254.169.254", "100.64.0.1", "224.0.0.1", "240.0.0.1",
            "255.255.255.255", "198.18.0.1", "[::]", "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]",
            "[fe80::1]", "[ff02::1]");

    @Autowired
    WebhookTargetPolicy policy;
    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void aSandboxPartnerDeliversToALoopbackReceiver() {
        assertThat(policy.allowPrivateTargetsInSandbox()).isTrue();
        String key = partners().sandboxPartner(Partners.uniqueId("devhook"));
        assertThat(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/dev") + "\"}").key(key).send()
                .status()).isEqualTo(200);

        ApiClient.Response test = api.post("/partner/sandbox/webhooks/test", "{\"event\":\"link.opened\"}").key(key)
                .send();

        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        assertThat(test.data().at("/attempt/httpStatus").asInt()).isEqualTo(200);
        assertThat(receiver.await("/dev", r -> true, 1, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void liveCannotConfigureLoopbackEvenSo() {
        String partnerId = Partners.uniqueId("devlive");
        partners().create(partnerId);
        String liveKey = partners().key(partnerId, "live");
        String loopback = receiver.url("/live").replace("http://", "https://");
        for (String url : List.of(loopback, loopback.replace("127.0.0.1", "localhost"),
                loopback.replace("127.0.0.1", "[::1]"), "https://10.0.0.1/h", "https://192.168.1.1/h")) {
            ApiClient.Response refused = api.put("/partner/webhooks/config", "{\"url\":\"" + url + "\"}")
                    .key(liveKey).send();
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body().at("/error/field").asText()).isEqualTo("url");
            ApiClient.Response link = api.post("/partner/links",
                    "{\"referenceId\":\"dev-live\",\"callbackUrl\":\"" + url + "\"}").key(liveKey).send();
            assertThat(link.status()).as(url).isEqualTo(400);
            assertThat(link.body().at("/error/field").asText()).isEqualTo("callbackUrl");
        }
        assertThat(receiver.received("/live")).isEmpty();
    }

    @Test
    void sandboxStillRefusesEverySpecialFormOtherThanLoopbackAndPrivate() {
        String key = partners().sandboxPartner(Partners.uniqueId("devsb"));
        for (String host : STILL_REFUSED_IN_SANDBOX) {
            String url = "http://" + host + ":8080/hook";
            ApiClient.Response refused = api.put("/partner/webhooks/config", "{\"url\":\"" + url + "\"}").key(key)
                    .send();
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body().at("/error/field").asText()).isEqualTo("url");
        }
    }

    /** A closed port and an open one that is not HTTP: the same answer, in the test result and the delivery log. */
    @Test
    void theTestEndpointNeverTellsWhichSocketErrorHappened() throws IOException {
        String key = partners().sandboxPartner(Partners.uniqueId("devscan"));
        String closedAnswer = testAgainst(key, "http://127.0.0.1:" + DeadEndpoints.closedPort() + "/closed");
        String silentAnswer;
        try (DeadEndpoints.SilentServer silent = DeadEndpoints.silentServer()) {
            silentAnswer = testAgainst(key, "http://127.0.0.1:" + silent.port() + "/silent");
        }

        assertThat(closedAnswer).isEqualTo(silentAnswer);
        JsonNode deliveries = api.get("/partner/webhooks/deliveries").key(key).send().data();
        assertThat(deliveries.findValuesAsText("error")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(error -> assertThat(error).isEqualTo(closedAnswer));
    }

    private String testAgainst(String key, String url) {
        assertThat(api.put("/partner/webhooks/config", "{\"url\":\"" + url + "\"}").key(key).send().status())
                .isEqualTo(200);
        ApiClient.Response test = api.post("/partner/sandbox/webhooks/test", "{\"event\":\"link.opened\"}").key(key)
                .send();
        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        assertThat(test.data().at("/attempt/httpStatus").isNull()).isTrue();
        return test.data().at("/attempt/error").asText();
    }
}

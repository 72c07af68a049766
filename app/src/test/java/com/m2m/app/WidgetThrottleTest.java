package com.m2m.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The widget API's throttles, with small settings: failed session exchanges per link (then 429 even with the
 * right token until the minute passes), requests per session whatever the address, and requests per client
 * address whatever the session. Client addresses are told apart by connecting from other loopback addresses
 * (127.0.0.x), so each test has its own.
 */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.rate-limits.widget-session-failures-per-link-per-minute=3",
        "m2m.rate-limits.widget-requests-per-minute=15"})
class WidgetThrottleTest extends SandboxPartnerTest {

    private static final String WRONG_TOKEN = "00000000-0000-4000-8000-000000000000";

    @Autowired
    TestClock clock;

    WidgetThrottleTest() {
        super("throttle");
    }

    @BeforeEach
    void setUp() {
        // Every bucket of an earlier test is full again a minute later (time only moves forward here).
        clock.advance(Duration.ofMinutes(2));
    }

    private String[] link(String referenceId) {
        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"" + referenceId + "\"}").key(key)
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new String[]{created.data().get("linkId").asText(), created.data().get("token").asText()};
    }

    private ApiClient.Response session(String linkId, String token) {
        return api.post("/widget/api/sessions", "{\"linkId\":\"" + linkId + "\",\"token\":\"" + token + "\"}").send();
    }

    private static void assertRateLimited(int status, String code, String retryAfter) {
        assertThat(status).isEqualTo(429);
        assertThat(code).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
    }

    @Test
    void aLinkTakesAFewWrongTokensThenRefusesEvenTheRightOneUntilTheMinutePasses() {
        String[] link = link("t-1");
        for (int i = 0; i < 3; i++) {
            assertThat(session(link[0], WRONG_TOKEN).status()).isEqualTo(404);
        }
        ApiClient.Response fourth = session(link[0], WRONG_TOKEN);
        assertRateLimited(fourth.status(), fourth.errorCode(), fourth.header("Retry-After"));
        assertThat(fourth.body().at("/success").asBoolean(true)).isFalse();
        ApiClient.Response right = session(link[0], link[1]);
        assertRateLimited(right.status(), right.errorCode(), right.header("Retry-After"));
        assertThat(api.get("/partner/links/" + link[0]).key(key).send().data().get("status").asText())
                .as("the right token did not open the link while throttled").isEqualTo("created");

        String[] other = link("t-2");
        assertThat(session(other[0], other[1]).status()).as("another link is not affected").isEqualTo(201);

        clock.advance(Duration.ofSeconds(61));
        assertThat(session(link[0], link[1]).status()).isEqualTo(201);
    }

    @Test
    void aSessionTakesItsAllowanceWhateverAddressItComesFrom() {
        String[] link = link("t-3");
        String session = session(link[0], link[1]).data().get("sessionToken").asText();
        for (int i = 0; i < 15; i++) {
            Raw answer = get(i % 2 == 0 ? "127.0.0.2" : "127.0.0.3", "/widget/api/state", session);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
        Raw refused = get("127.0.0.4", "/widget/api/state", session);
        assertRateLimited(refused.status(), refused.code(), refused.retryAfter());
        assertThat(get("127.0.0.4", "/widget/api/state", "ws_unknown").status())
                .as("the address itself is not limited").isEqualTo(401);
    }

    @Test
    void anAddressTakesItsAllowanceWhateverSessionTokensItTries() {
        for (int i = 0; i < 15; i++) {
            assertThat(get("127.0.0.5", "/widget/api/state", "ws_guess" + i).status()).isEqualTo(401);
        }
        Raw refused = get("127.0.0.5", "/widget/api/state", "ws_guess");
        assertRateLimited(refused.status(), refused.code(), refused.retryAfter());
        assertThat(get("127.0.0.6", "/widget/api/state", "ws_guess").status()).isEqualTo(401);
    }

    record Raw(int status, String retryAfter, String body) {
        String code() {
            int at = body.indexOf("\"code\":\"");
            return at < 0 ? null : body.substring(at + 8, body.indexOf('"', at + 8));
        }
    }

    /** One HTTP/1.1 GET from the given loopback source address, so the server sees that client address. */
    private Raw get(String sourceAddress, String path, String bearer) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nAuthorization: Bearer " + bearer + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String retryAfter = response.lines().takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.regionMatches(true, 0, "Retry-After:", 0, 12))
                    .map(line -> line.substring(12).trim()).findFirst().orElse(null);
            return new Raw(status, retryAfter, response.substring(response.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

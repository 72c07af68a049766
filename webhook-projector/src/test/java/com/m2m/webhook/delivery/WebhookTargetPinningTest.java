package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.webhook.sandbox.SandboxTestResult;
import com.m2m.domain.testing.DeadEndpoints;
import com.m2m.domain.testing.LoopbackReceiver;
import com.m2m.webhook.support.TestWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address checked is the address connected to. Names are resolved by a fake resolver, and the only addresses
 * ever connected to are the loopback receivers this test starts: a refused target is refused before connecting.
 */
class WebhookTargetPinningTest {

    private static final Tenant SANDBOX = new Tenant("acme", Environment.SANDBOX);
    private static final InetAddress PUBLIC = literal("93.184.215.14");
    private static final InetAddress LOOPBACK = literal("127.0.0.1");

    private final LoopbackReceiver receiver = new LoopbackReceiver();
    private final AtomicInteger lookups = new AtomicInteger();
    private TestWebhooks webhooks;

    @AfterEach
    void close() {
        receiver.close();
        if (webhooks != null) {
            webhooks.close();
        }
    }

    private TestWebhooks webhooks(WebhookTargetPolicy policy) {
        webhooks = new TestWebhooks(Clock.systemUTC(), WebhookProperties.of(TestWebhooks.FAST, Duration.ofSeconds(2)),
                policy);
        return webhooks;
    }

    private String onReceiver(String host, String path) {
        return receiver.url(path).replace("127.0.0.1", host);
    }

    /** DNS rebinding: public when the partner configures the URL, loopback by the time we connect. */
    @Test
    void aNameRePointedAtLoopbackAfterTheCheckIsRefusedBeforeConnecting() {
        WebhookTargetPolicy policy = new WebhookTargetPolicy(false, name -> {
            assertThat(name).isEqualTo("rebind.partner.test");
            return new InetAddress[] {lookups.incrementAndGet() == 1 ? PUBLIC : LOOPBACK};
        });
        String url = onReceiver("rebind.partner.test", "/rebind");
        assertThat(policy.accepts(URI.create(url), Environment.SANDBOX)).as("the configuration check").isTrue();
        webhooks(policy).configure("acme", Environment.SANDBOX, url);

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");

        assertThat(result.attempt().httpStatus()).isNull();
        assertThat(result.attempt().error()).isEqualTo(WebhookSender.REFUSED);
        assertThat(lookups).as("resolved once for the check and once for the connection, never again").hasValue(2);
        assertThat(receiver.received("/rebind")).isEmpty();
    }

    @Test
    void theConnectionGoesToTheResolvedAddressAndKeepsTheNameInTheHostHeader() {
        WebhookTargetPolicy policy = new WebhookTargetPolicy(true, name -> {
            lookups.incrementAndGet();
            if (!name.equals("hooks.partner.test")) {
                throw new UnknownHostException(name);
            }
            return new InetAddress[] {LOOPBACK};
        });
        String url = onReceiver("hooks.partner.test", "/pinned");
        webhooks(policy).configure("acme", Environment.SANDBOX, url);

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");

        assertThat(result.attempt().httpStatus()).isEqualTo(200);
        LoopbackReceiver.Received received = receiver.await("/pinned", 1, Duration.ofSeconds(2)).get(0);
        assertThat(received.header("Host")).isEqualTo(URI.create(url).getAuthority());
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aNameWithOneRefusedAddressAmongPublicOnesIsRefused() {
        WebhookTargetPolicy policy = new WebhookTargetPolicy(false, name -> new InetAddress[] {PUBLIC, LOOPBACK});
        PolicyDnsResolver resolver = new PolicyDnsResolver(policy, Environment.LIVE);
        assertThat(catchRefusal(() -> resolver.resolve("mixed.partner.test"))).isTrue();
        assertThat(catchRefusal(() -> resolver.resolve("mixed.partner.test", 443))).isTrue();
        PolicyDnsResolver publicOnly = new PolicyDnsResolver(new WebhookTargetPolicy(false,
                name -> new InetAddress[] {PUBLIC}), Environment.LIVE);
        try {
            assertThat(publicOnly.resolve("hooks.partner.test", 443))
                    .containsExactly(new InetSocketAddress(PUBLIC, 443));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStrictSandboxNeverCallsLoopback() {
        webhooks(new WebhookTargetPolicy(false)).configure("acme", Environment.SANDBOX, receiver.url("/strict"));

        SandboxTestResult result = webhooks.sandbox.test(SANDBOX, "link.opened");

        assertThat(result.attempt().error()).isEqualTo(WebhookSender.REFUSED);
        assertThat(receiver.received("/strict")).isEmpty();
    }

    /**
     * A closed port and an open one that speaks no HTTP look the same to the partner, in the test answer and in
     * the delivery log: the sandbox test endpoint is no port scanner.
     */
    @Test
    void everyFailureWithoutAnHttpAnswerReadsTheSame() throws Exception {
        webhooks(new WebhookTargetPolicy(true));
        webhooks.configure("acme", Environment.SANDBOX, "http://127.0.0.1:" + DeadEndpoints.closedPort() + "/closed");
        SandboxTestResult closed = webhooks.sandbox.test(SANDBOX, "link.opened");

        SandboxTestResult silent;
        try (DeadEndpoints.SilentServer silentServer = DeadEndpoints.silentServer()) {
            webhooks.configure("acme", Environment.SANDBOX, "http://127.0.0.1:" + silentServer.port() + "/silent");
            silent = webhooks.sandbox.test(SANDBOX, "link.opened");
        }

        assertThat(closed.attempt().httpStatus()).isNull();
        assertThat(closed.attempt().error()).isEqualTo(WebhookSender.NO_RESPONSE);
        assertThat(silent.attempt().httpStatus()).isNull();
        assertThat(silent.attempt().error()).isEqualTo(WebhookSender.NO_RESPONSE);
        List<String> logged = webhooks.db.jdbc().queryForList(
                "SELECT DISTINCT error FROM webhook_delivery_attempt", String.class);
        assertThat(logged).containsExactly(WebhookSender.NO_RESPONSE);
        List<String> lastErrors = webhooks.db.jdbc().queryForList(
                "SELECT DISTINCT last_error FROM webhook_delivery", String.class);
        assertThat(lastErrors).containsExactly(WebhookSender.NO_RESPONSE);
    }

    /** Pooled, kept-alive connections serve consecutive attempts to the same receiver. */
    @Test
    void theSenderKeepsConnectionsAliveBetweenAttempts() throws Exception {
        webhooks(new WebhookTargetPolicy(true));
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        connections.incrementAndGet();
                        Thread serving = new Thread(() -> answerEveryRequest(socket, requests));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            URI target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/alive");
            for (int i = 0; i < 4; i++) {
                assertThat(webhooks.sender.post(Environment.SANDBOX, target,
                        Map.of("Content-Type", "application/json"), "{}".getBytes()).httpStatus()).isEqualTo(200);
                // The connection goes back to the pool just after the answer is handed over: let it get there.
                Thread.sleep(100);
            }
        }
        assertThat(requests).hasValue(4);
        assertThat(connections.get()).as("connections opened for 4 attempts").isLessThan(3);
    }

    /** A minimal HTTP/1.1 server side: 200 with an empty body to every request on the connection. */
    private static void answerEveryRequest(Socket socket, AtomicInteger requests) {
        try (socket) {
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            while (true) {
                StringBuilder head = new StringBuilder();
                int ch;
                while (!head.toString().endsWith("\r\n\r\n")) {
                    if ((ch = in.read()) < 0) {
                        return;
                    }
                    head.append((char) ch);
                }
                int length = 0;
                for (String line : head.toString().split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                requests.incrementAndGet();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes());
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    private interface Resolution {
        Object run() throws UnknownHostException;
    }

    private static boolean catchRefusal(Resolution resolution) {
        try {
            resolution.run();
            return false;
        } catch (PolicyDnsResolver.RefusedTargetException refused) {
            return true;
        } catch (UnknownHostException other) {
            return false;
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }
}

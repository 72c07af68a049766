package com.m2m.domain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A partner's webhook endpoint, for real: an HTTP server on a free loopback port that records every request (method,
 * headers, raw body bytes) and answers what the test scripted per path (statuses in turn, then the last one forever,
 * default 200; an optional delay; or hold the answer until released). Shared by the webhook-projector and app tests
 * through domain's test-jar. As a {@code @RegisterExtension} field it closes itself after each test.
 */
public class LoopbackReceiver implements AutoCloseable, AfterEachCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    public LoopbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answer these statuses in turn on {@code path}, repeating the last. */
    public synchronized LoopbackReceiver respond(String path, Integer... statuses) {
        scripts.put(path, new ArrayList<>(List.of(statuses)));
        return this;
    }

    public LoopbackReceiver delay(String path, Duration delay) {
        delays.put(path, delay);
        return this;
    }

    /** Requests on {@code path} are recorded, then wait unanswered until {@link #release} (at most 120 s). */
    public LoopbackReceiver hold(String path) {
        holds.put(path, new CountDownLatch(1));
        return this;
    }

    public LoopbackReceiver release(String path) {
        CountDownLatch hold = holds.remove(path);
        if (hold != null) {
            hold.countDown();
        }
        return this;
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (bounded) until {@code count} requests arrived at {@code path}. */
    public List<Received> await(String path, int count, Duration timeout) {
        return await(path, r -> true, count, timeout);
    }

    /** Waits (bounded) until {@code count} requests on {@code path} match. */
    public List<Received> await(String path, Predicate<Received> match, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> matching = received(path).stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Pause.millis(10);
        }
        throw new AssertionError("Timed out waiting for " + count + " request(s) on " + path + "; got "
                + received(path).stream().map(Received::eventOrBody).toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        received.add(new Received(path, exchange.getRequestMethod(), headers, body, Instant.now()));
        CountDownLatch hold = holds.get(path);
        try {
            if (hold != null) {
                hold.await(120, TimeUnit.SECONDS);
            }
            Duration delay = delays.get(path);
            if (delay != null) {
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(nextStatus(path), -1);
        exchange.close();
    }

    private synchronized int nextStatus(String path) {
        List<Integer> script = scripts.get(path);
        if (script == null || script.isEmpty()) {
            return 200;
        }
        return script.size() == 1 ? script.get(0) : script.remove(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }

    /** One request as it arrived; header names are lower case, repeated headers joined with commas. */
    public record Received(String path, String method, Map<String, String> headers, byte[] body, Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String event() {
            return json().get("event").asText();
        }

        /** Verifies X-M2M-Signature as a partner should: over the raw bytes, in constant time. */
        public boolean signatureValidFor(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((header("X-M2M-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                        .getBytes(StandardCharsets.UTF_8);
                for (String candidate : header("X-M2M-Signature").split(",")) {
                    if (MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.UTF_8))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String eventOrBody() {
            try {
                return json().path("event").asText(bodyText());
            } catch (UncheckedIOException e) {
                return bodyText();
            }
        }
    }
}

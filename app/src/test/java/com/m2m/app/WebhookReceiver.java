package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A partner's webhook endpoint, for real: an HTTP server on a free local port that records every request (raw
 * body bytes and headers) and answers what the test scripted per path (statuses in turn, then the last one
 * forever; an optional delay).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Received(String path, Map<String, String> headers, byte[] rawBody, Instant at) {
        public JsonNode json() {
            try {
                return JSON.readTree(rawBody);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
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
                byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody)))
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
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, headers, body, Instant.now()));
            java.util.concurrent.CountDownLatch hold = holds.get(path);
            if (hold != null) {
                try {
                    hold.await(120, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Duration delay = delays.get(path);
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = nextStatus(path);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    private synchronized int nextStatus(String path) {
        List<Integer> script = scripts.get(path);
        if (script == null || script.isEmpty()) {
            return 200;
        }
        return script.size() == 1 ? script.get(0) : script.remove(0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answer these statuses in turn on {@code path}, repeating the last. */
    public synchronized WebhookReceiver respond(String path, Integer... statuses) {
        scripts.put(path, new ArrayList<>(List.of(statuses)));
        return this;
    }

    public WebhookReceiver delay(String path, Duration delay) {
        delays.put(path, delay);
        return this;
    }

    /** Requests on {@code path} are recorded, then wait unanswered until {@link #release} (at most 120 s). */
    public WebhookReceiver hold(String path) {
        holds.put(path, new java.util.concurrent.CountDownLatch(1));
        return this;
    }

    public WebhookReceiver release(String path) {
        java.util.concurrent.CountDownLatch hold = holds.remove(path);
        if (hold != null) {
            hold.countDown();
        }
        return this;
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (bounded) until {@code count} requests on {@code path} match. */
    public List<Received> await(String path, Predicate<Received> match, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> matching = received(path).stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Timed out waiting for " + count + " webhook(s) on " + path + "; got "
                + received(path).stream().map(r -> r.json().path("event").asText()).toList());
    }

    @Override
    public void close() {
        holds.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        server.stop(0);
    }
}

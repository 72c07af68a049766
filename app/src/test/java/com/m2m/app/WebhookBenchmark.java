package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook benchmark (not part of the test suite; {@code ./mvnw -B -o verify -pl app -am -Pbench}). The platform
 * runs in this JVM on a random port over an H2 file database in a temp directory (as the default configuration
 * does), with its production webhook settings; links are created over real HTTP and webhooks are received by real
 * HTTP receivers on loopback. Prints the figures; asserts nothing about speed (see docs/performance.md).
 *
 * <ul>
 *   <li>saturation: 1,000 links (2,000 webhooks: {@code link.created} + {@code user.data_request}) wait in the
 *       outbox while the receiver holds its first requests; once it answers, deliveries/s until the last arrives;</li>
 *   <li>burst drain: 1,000 links created as fast as 16 clients can, time from the last 201 to the last webhook;</li>
 *   <li>latency at 5 and at 200 links/s offered for 10 s: commit (the event's {@code timestamp}) to the receiver,
 *       p50/p99, and where the time went (event → outbox row → delivered);</li>
 *   <li>isolation: one partner at 25 links/s, p99 alone and while another partner's endpoint hangs on every
 *       request (its 16 attempts in flight all hanging from the start, a trickle of new links meanwhile).</li>
 * </ul>
 */
class WebhookBenchmark {

    static final String OPERATOR = "bench-operator-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext platform;
    static int port;
    static ApiClient api;
    static Receiver receiver;
    static HttpClient client;
    static ExecutorService clientThreads;
    static ExecutorService httpThreads;
    static String key;
    static int run;

    @BeforeAll
    static void start() throws IOException {
        platform = new SpringApplicationBuilder(M2mApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("m2m")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "--m2m.demo-partner.enabled=false",
                "--m2m.webhooks.allow-private-targets=true",      // the receivers are on loopback
                "--m2m.staff-tokens=" + OPERATOR + ":OPERATOR",
                "--m2m.rate-limits.create-links-per-minute=1000000",
                "--m2m.rate-limits.requests-per-minute=1000000",
                // The saturation run holds the receiver's first answers while 1,000 links are created: no attempt may
                // time out meanwhile (the hanging endpoint of the isolation run hangs for 60 s, beyond 30 s).
                "--m2m.webhooks.timeout=120s",
                // One INFO line per attempt is the platform's default; at hundreds a second it is noise here.
                "--logging.level.com.m2m.webhook=WARN");
        port = Integer.parseInt(platform.getEnvironment().getProperty("local.server.port"));
        api = new ApiClient(port);
        receiver = new Receiver();
        clientThreads = Executors.newFixedThreadPool(16);
        // The HTTP client's own threads: the burst workers block on its answers, so they must not share a pool.
        httpThreads = Executors.newFixedThreadPool(8);
        client = HttpClient.newBuilder().executor(httpThreads).version(HttpClient.Version.HTTP_1_1).build();
        print("machine: %d cores, load average at start %s", Runtime.getRuntime().availableProcessors(), load());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (clientThreads != null) {
            clientThreads.shutdownNow();
            httpThreads.shutdownNow();
        }
    }

    @Test
    void webhooks() throws Exception {
        String warm = partner("/warm");
        createBurst(warm, 100, 16);
        receiver.await("/warm", 200, Duration.ofSeconds(120));

        saturation();
        burstDrain();
        latency("/idle", 5, Duration.ofSeconds(10), null);
        latency("/latency", 200, Duration.ofSeconds(10), null);
        double alone = latency("/alone", 25, Duration.ofSeconds(10), null);
        double beside = latency("/beside", 25, Duration.ofSeconds(10), "/hang");
        print("isolation: p99 %.0f ms alone, %.0f ms while another partner's endpoint hangs (%+.0f%%)", alone, beside,
                100.0 * (beside - alone) / alone);
        print("load average at the end %s", load());
    }

    void saturation() throws Exception {
        String partner = partner("/saturation");
        receiver.hold("/saturation");
        createBurst(partner, 1000, 16);
        awaitPending(partner, 2000);
        long released = System.nanoTime();
        receiver.release("/saturation");
        receiver.await("/saturation", 2000, Duration.ofSeconds(300));
        double seconds = (receiver.lastArrival("/saturation") - released) / 1e9;
        print("saturation: 2000 deliveries to one endpoint in %.2f s = %.0f deliveries/s", seconds, 2000 / seconds);
    }

    void burstDrain() throws Exception {
        String partner = partner("/burst");
        long started = System.nanoTime();
        long last201 = createBurst(partner, 1000, 16);
        receiver.await("/burst", 2000, Duration.ofSeconds(300));
        long lastArrival = receiver.lastArrival("/burst");
        print("burst: 1000 links created in %.2f s (%.0f links/s); last webhook %.2f s after the last 201"
                        + " (2000 webhooks in %.2f s from the first request)", (last201 - started) / 1e9,
                1000 / ((last201 - started) / 1e9), (lastArrival - last201) / 1e9, (lastArrival - started) / 1e9);
    }

    /**
     * Offers {@code rate} links/s for {@code duration} (open loop), optionally while a second partner gets the same
     * rate to an endpoint that hangs; returns the p99 commit → receiver latency of {@code link.created}.
     */
    double latency(String path, int rate, Duration duration, String hangingPath) throws Exception {
        String partner = partner(path);
        String other = null;
        if (hangingPath != null) {
            // Enough to keep all its attempts hanging from the start, then a trickle: the load stays that of the
            // run alone, only the hanging endpoint is new.
            other = partner(hangingPath);
            receiver.hold(hangingPath);
            createBurst(other, 20, 4);
        }
        int links = (int) (rate * duration.toSeconds());
        AtomicInteger failed = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch sent = new CountDownLatch(links);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        String hanging = other;
        int prefix = ++run;
        pacer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= links) {
                return;
            }
            create(partner, "lat" + prefix + "-" + i).whenComplete((status, error) -> {
                if (error != null || status != 201) {
                    failed.incrementAndGet();
                }
                sent.countDown();
            });
            if (hanging != null && i % 25 == 0) {
                create(hanging, "hang" + prefix + "-" + i);
            }
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        sent.await(duration.toSeconds() * 10, TimeUnit.SECONDS);
        double offeredFor = (System.nanoTime() - started) / 1e9;
        pacer.shutdownNow();
        List<Receiver.Arrival> arrivals = receiver.await(path, 2 * (links - failed.get()), Duration.ofSeconds(300));
        List<Long> latencies = new ArrayList<>();
        for (Receiver.Arrival arrival : arrivals) {
            JsonNode body = JSON.readTree(arrival.body());
            if (body.get("event").asText().equals("link.created")) {
                latencies.add(arrival.at().toEpochMilli() - Instant.parse(body.get("timestamp").asText()).toEpochMilli());
            }
        }
        Collections.sort(latencies);
        double p50 = percentile(latencies, 50);
        double p99 = percentile(latencies, 99);
        print("latency %s: %d links offered at %d/s (all sent after %.1f s, %d refused)%s: commit -> receiver"
                        + " p50 %.0f ms, p99 %.0f ms, max %d ms", path, links, rate, offeredFor, failed.get(),
                hangingPath == null ? "" : ", another partner's endpoint hanging", p50, p99,
                latencies.get(latencies.size() - 1));
        stages(partner);
        if (hangingPath != null) {
            receiver.release(hangingPath);
        }
        return p99;
    }

    /**
     * Where the time went, from the outbox itself: event timestamp → row written by the outbox processor, and row
     * written → delivered (claim, sign, HTTP, record).
     */
    static void stages(String apiKey) throws Exception {
        org.springframework.jdbc.core.JdbcTemplate jdbc = platform.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        String partnerId = api.get("/partner/profile").key(apiKey).send().data().get("partnerId").asText();
        List<Long> toOutbox = new ArrayList<>();
        List<Long> toDelivered = new ArrayList<>();
        jdbc.query("SELECT body, created_at, delivered_at FROM webhook_delivery WHERE partner_id = ?"
                + " AND event_type = 'link.created' AND delivered_at IS NOT NULL", rs -> {
            try {
                Instant event = Instant.parse(JSON.readTree(rs.getString("body")).get("timestamp").asText());
                Instant written = rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant();
                Instant delivered = rs.getObject("delivered_at", java.time.OffsetDateTime.class).toInstant();
                toOutbox.add(Duration.between(event, written).toMillis());
                toDelivered.add(Duration.between(written, delivered).toMillis());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, partnerId);
        Collections.sort(toOutbox);
        Collections.sort(toDelivered);
        print("  stages: event -> outbox row p50 %.0f / p99 %.0f ms; outbox row -> delivered p50 %.0f / p99 %.0f ms",
                percentile(toOutbox, 50), percentile(toOutbox, 99), percentile(toDelivered, 50),
                percentile(toDelivered, 99));
    }

    static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** A new sandbox partner whose webhooks go to {@code path}; returns its API key. */
    static String partner(String path) {
        String partnerId = Partners.uniqueId("bench");
        ApiClient.Response created = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Bench\"}").bearer(OPERATOR).send();
        check(created, 201);
        ApiClient.Response issued = api.post("/admin/partners/" + partnerId + "/keys",
                "{\"environment\":\"sandbox\"}").bearer(OPERATOR).send();
        check(issued, 201);
        String apiKey = issued.data().get("apiKey").asText();
        check(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url(path) + "\"}").key(apiKey).send(), 200);
        return apiKey;
    }

    /** {@code links} links with no user data (each: link.created and user.data_request); returns the last 201. */
    static long createBurst(String apiKey, int links, int concurrency) throws Exception {
        AtomicLong last = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        int prefix = ++run;
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < links; i = next.getAndIncrement()) {
                    int status = create(apiKey, "b" + prefix + "-" + i).join();
                    if (status != 201) {
                        throw new IllegalStateException("create answered " + status);
                    }
                    last.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, clientThreads));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
        return last.get();
    }

    static CompletableFuture<Integer> create(String apiKey, String referenceId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/partner/links"))
                .header("X-API-Key", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"referenceId\":\"" + referenceId + "\"}")).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    static void awaitPending(String apiKey, int pending) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode backlog = api.get("/partner/webhooks/stats").key(apiKey).send().data().get("backlog");
            if (backlog.get("pending").asInt() >= pending) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the outbox never held " + pending + " deliveries");
    }

    static void check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError(response.toString());
        }
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void print(String format, Object... args) {
        System.out.println("[webhook-benchmark] " + String.format(Locale.ROOT, format, args));
    }

    /** A receiver that answers 200 at once (or holds a path until released) and keeps arrivals per path. */
    static final class Receiver implements AutoCloseable {

        record Arrival(Instant at, long nanos, byte[] body) {
        }

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(128);
        private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                CountDownLatch hold = holds.get(path);
                if (hold != null) {
                    try {
                        hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                arrivals.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>()))
                        .add(new Arrival(Instant.now(), System.nanoTime(), body));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void hold(String path) {
            holds.put(path, new CountDownLatch(1));
        }

        void release(String path) {
            CountDownLatch hold = holds.remove(path);
            if (hold != null) {
                hold.countDown();
            }
        }

        /** Arrivals are recorded when answered (after a hold), in answer order. */
        List<Arrival> await(String path, int count, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                List<Arrival> got = arrivals.getOrDefault(path, List.of());
                if (got.size() >= count) {
                    synchronized (got) {
                        return new ArrayList<>(got);
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("only " + arrivals.getOrDefault(path, List.of()).size() + " of " + count
                    + " webhooks arrived on " + path);
        }

        long lastArrival(String path) {
            List<Arrival> got = arrivals.get(path);
            synchronized (got) {
                return got.stream().mapToLong(Arrival::nanos).max().orElseThrow();
            }
        }

        @Override
        public void close() {
            holds.values().forEach(CountDownLatch::countDown);
            server.stop(0);
            threads.shutdownNow();
        }
    }
}

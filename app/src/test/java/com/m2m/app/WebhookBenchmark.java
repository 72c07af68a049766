package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.app.perf.StatementCounter;
import com.m2m.webhook.config.WebhookProperties;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The webhook benchmark (not part of the test suite; {@code ./mvnw -B -o verify -pl app -am -Pbench
 * -Dbench.test=WebhookBenchmark}). The platform runs in this JVM on a random port over the embedded default (the
 * README's first command's storage: the platform's own PostgreSQL, here on a temp directory; {@link BenchDatabase}),
 * with its production webhook settings; links are created over real HTTP and webhooks are received by real HTTP
 * receivers on loopback. Prints the figures and, at the end, a table to paste into docs/performance.md; asserts
 * nothing about speed.
 *
 * <ul>
 *   <li>saturation: 1,000 links (2,000 webhooks: {@code link.created} + {@code user.data_request}) wait in the
 *       outbox while the receiver holds its first requests; once it answers, deliveries/s until the last arrives;</li>
 *   <li>burst drain: 1,000 links created as fast as 16 clients can, time from the last 201 to the last webhook;</li>
 *   <li>latency sweep: links offered open-loop at each rate of {@code bench.webhook.rates} for long enough to give
 *       {@code bench.webhook.samples} samples (at least 10 s): commit (the event's {@code timestamp}) to the
 *       receiver, p50/p90/p99/p99.9, where the time went (event → outbox row → delivered), CPU and SQL statements
 *       per link, split by the thread that ran them (outbox processor, dispatcher, requests);</li>
 *   <li>isolation: one partner at {@code bench.webhook.isolation-rate} links/s, in rounds alternating A B B A ...
 *       ({@code bench.webhook.isolation-pairs} pairs, so a drift of the machine is not taken for an effect), each
 *       beside another partner with the same traffic (its in-flight budget plus 4 links at the start, then a
 *       trickle of one link per 25): in A its endpoint answers at once, in B it hangs on every request for the
 *       whole round (all its attempts in flight, 32 by default, hanging from the start). So A and B differ only
 *       in the hanging. The samples of each condition are pooled.</li>
 * </ul>
 *
 * <p>{@code -Dbench.databases=postgresql} (or {@code h2-file}, or a comma-separated list) runs the same on another
 * {@link BenchDatabase} instead.
 */
class WebhookBenchmark {

    static final String OPERATOR = "bench-operator-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Samples (links) per latency phase and per isolation condition. */
    static final int SAMPLES = Integer.getInteger("bench.webhook.samples", 2000);
    static final List<Integer> RATES = Arrays.stream(System.getProperty("bench.webhook.rates", "25,50,100,150,200")
            .split(",")).map(String::trim).map(Integer::parseInt).toList();
    static final int ISOLATION_RATE = Integer.getInteger("bench.webhook.isolation-rate", 50);
    static final int ISOLATION_PAIRS = Integer.getInteger("bench.webhook.isolation-pairs", 8);
    /** Which scenarios run, e.g. {@code -Dbench.webhook.phases=latency} for the sweep alone. */
    static final List<String> PHASES = List.of(System.getProperty("bench.webhook.phases",
            "saturation,burst,latency,isolation").split(","));
    static final long TARGET_P50_MS = 50;
    static final long TARGET_P99_MS = 300;

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext platform;
    static BenchDatabase.Running database;
    static List<ProcessHandle> server;
    static StatementCounter statements;
    static int port;
    static ApiClient api;
    static Receiver receiver;
    static BenchHttp http;
    static ExecutorService clientThreads;
    static int run;
    static final StringBuilder table = new StringBuilder();

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        clientThreads = Executors.newFixedThreadPool(16);
        // Open loop: enough senders that an offered rate is sent on time even while the platform lags.
        http = new BenchHttp(256);
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (clientThreads != null) {
            clientThreads.shutdownNow();
            http.close();
        }
    }

    /** Only the embedded default unless {@code -Dbench.databases} names others. */
    static List<BenchDatabase> databases() {
        return System.getProperty("bench.databases", "").isBlank() ? List.of(BenchDatabase.embeddedDefault())
                : BenchDatabase.selected();
    }

    @Test
    void webhooks() throws Exception {
        for (BenchDatabase each : databases()) {
            Path home = Files.createDirectories(dir.resolve(each.name()));
            database = each.start(home);
            try {
                boot(each);
                measure(each.name());
            } finally {
                if (platform != null) {
                    platform.close();
                    platform = null;
                }
                database.stop().close();
            }
        }
        System.out.println("[webhook-benchmark] ---- table for docs/performance.md ----");
        System.out.print(table);
        System.out.println("[webhook-benchmark] ---- end of table ----");
    }

    static void boot(BenchDatabase each) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--m2m.demo-partner.enabled=false",
                "--m2m.webhooks.allow-private-targets=true",      // the receivers are on loopback
                "--m2m.staff-tokens=" + OPERATOR + ":OPERATOR",
                "--m2m.rate-limits.create-links-per-minute=100000000",
                "--m2m.rate-limits.requests-per-minute=100000000",
                "--m2m.rate-limits.staff-auth-failures-per-minute=10000",
                // The saturation run holds the receiver's first answers while 1,000 links are created: no attempt may
                // time out meanwhile (the hanging endpoint of the isolation run hangs for its whole round).
                "--m2m.webhooks.timeout=120s",
                // One INFO line per attempt is the platform's default; at hundreds a second it is noise here.
                "--logging.level.com.m2m=WARN"));
        database.properties().forEach((name, value) -> args.add("--" + name + "=" + value));
        // StatementCounter wraps the DataSource (datasource-proxy) and records, per thread, only while asked to.
        platform = new SpringApplicationBuilder(M2mApplication.class, StatementCounter.class)
                .run(args.toArray(String[]::new));
        statements = platform.getBean(StatementCounter.class);
        port = Integer.parseInt(platform.getEnvironment().getProperty("local.server.port"));
        api = new ApiClient(port);
        server = ProcessStats.serverProcesses(database.serverDir());
        String version = platform.getBean(JdbcTemplate.class).queryForObject(
                database.postgres() ? "SELECT version()" : "SELECT H2VERSION()", String.class);
        print("%s: %d cores, load average at start %s; %s", each.name(), Runtime.getRuntime().availableProcessors(),
                load(), version);
    }

    static void measure(String name) throws Exception {
        Partner warm = partner("/warm-" + name);
        createBurst(warm.key(), 200, 16);
        receiver.await(warm.path(), 400, Duration.ofSeconds(120));

        table.append("\n**").append(name).append("**, load average at start ").append(load()).append("\n\n");
        if (PHASES.contains("saturation") || PHASES.contains("burst")) {
            table.append("| figure | result |\n|---|---|\n");
        }
        if (PHASES.contains("saturation")) {
            saturation(name);
        }
        if (PHASES.contains("burst")) {
            burstDrain(name);
        }
        if (PHASES.contains("latency")) {
            sweep(name);
        }
        if (PHASES.contains("isolation")) {
            isolation(name);
        }
        print("%s: load average at the end %s", name, load());
        table.append("\nLoad average at the end: ").append(load()).append(".\n");
    }

    static void sweep(String name) throws Exception {
        table.append("\n| offered links/s | accepted links/s | n | p50 | p90 | p99 | p99.9 | max | event → outbox row"
                + " p50 / p99 | outbox row → delivered p50 / p99 | CPU ms/link (JVM + PG) | statements/link"
                + " outbox · dispatcher · requests | target |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Integer highest = null;
        for (int rate : RATES) {
            Phase phase = latency("/rate-" + rate + "-" + name, rate, seconds(rate, 1), null);
            boolean met = phase.keptUp() && phase.p(50) <= TARGET_P50_MS && phase.p(99) <= TARGET_P99_MS;
            if (met && (highest == null || rate > highest)) {
                highest = rate;
            }
            table.append(phase.row()).append(met ? " | met |" : " | missed |").append('\n');
        }
        print("highest offered rate with p50 <= %d ms and p99 <= %d ms (all accepted): %s", TARGET_P50_MS,
                TARGET_P99_MS, highest == null ? "none of " + RATES : highest + " links/s");
        table.append("\nHighest offered rate meeting p50 ≤ ").append(TARGET_P50_MS).append(" ms / p99 ≤ ")
                .append(TARGET_P99_MS).append(" ms: ").append(highest == null ? "none" : highest + " links/s")
                .append(".\n");
    }

    /** Long enough for {@link #SAMPLES} links at {@code rate} in {@code rounds} rounds, and at least 10 s. */
    static int seconds(int rate, int rounds) {
        return Math.max(10, (int) Math.ceil((double) SAMPLES / rate / rounds));
    }

    static void saturation(String name) throws Exception {
        Partner partner = partner("/saturation-" + name);
        receiver.hold(partner.path());
        createBurst(partner.key(), 1000, 16);
        awaitPending(partner.key(), 2000);
        long released = System.nanoTime();
        receiver.release(partner.path());
        receiver.await(partner.path(), 2000, Duration.ofSeconds(300));
        double seconds = (receiver.lastArrival(partner.path()) - released) / 1e9;
        print("saturation: 2000 deliveries to one endpoint in %.2f s = %.0f deliveries/s", seconds, 2000 / seconds);
        table.append(String.format(Locale.ROOT, "| deliveries/s to one endpoint at saturation | %.0f/s (2,000 in"
                + " %.2f s) |%n", 2000 / seconds, seconds));
    }

    static void burstDrain(String name) throws Exception {
        Partner partner = partner("/burst-" + name);
        long started = System.nanoTime();
        long last201 = createBurst(partner.key(), 1000, 16);
        receiver.await(partner.path(), 2000, Duration.ofSeconds(300));
        long lastArrival = receiver.lastArrival(partner.path());
        print("burst: 1000 links created in %.2f s (%.0f links/s); last webhook %.2f s after the last 201"
                        + " (2000 webhooks in %.2f s from the first request)", (last201 - started) / 1e9,
                1000 / ((last201 - started) / 1e9), (lastArrival - last201) / 1e9, (lastArrival - started) / 1e9);
        table.append(String.format(Locale.ROOT, "| burst of 1,000 links: last webhook after the last 201 | %.1f s"
                        + " (16 clients, %.0f links/s accepted) |%n", (lastArrival - last201) / 1e9,
                1000 / ((last201 - started) / 1e9)));
    }

    /**
     * Rounds A B B A A B ... of {@link #ISOLATION_RATE} links/s, each beside a fresh other partner with the same
     * traffic: in A its endpoint answers, in B it hangs on every request for the whole round (released and drained
     * before the next).
     */
    static void isolation(String name) throws Exception {
        int seconds = seconds(ISOLATION_RATE, ISOLATION_PAIRS);
        List<Phase> answering = new ArrayList<>();
        List<Phase> beside = new ArrayList<>();
        for (int round = 0; round < 2 * ISOLATION_PAIRS; round++) {
            boolean hanging = (round % 4 == 1) || (round % 4 == 2);
            String path = "/iso-" + round + "-" + name;
            Phase phase = latency(path, ISOLATION_RATE, seconds,
                    new Neighbour((hanging ? "/hang-" : "/calm-") + round + "-" + name, hanging));
            (hanging ? beside : answering).add(phase);
        }
        Phase a = Phase.pooled("another partner's endpoint answering", answering);
        Phase b = Phase.pooled("another partner's endpoint hanging", beside);
        print("isolation at %d links/s, %d rounds of %d s each, pooled: beside an answering endpoint n %d p50 %d p99"
                        + " %d p99.9 %d; beside a hanging endpoint n %d p50 %d p99 %d p99.9 %d (p99 %+.0f%%)",
                ISOLATION_RATE,
                2 * ISOLATION_PAIRS, seconds, a.n(), a.p(50), a.p(99), a.p(99.9), b.n(), b.p(50), b.p(99), b.p(99.9),
                100.0 * (b.p(99) - a.p(99)) / a.p(99));
        table.append(String.format(Locale.ROOT, "%nIsolation: one partner at %d links/s, %d rounds of %d s"
                + " alternating beside another partner whose endpoint answers / hangs on every request, the same"
                + " traffic to it (A B B A ...),"
                + " samples pooled per condition:%n%n| condition | n | p50 | p90 | p99 | p99.9 | max | median of the"
                + " rounds' p99 | rounds' p99 (CPU time stolen by the host) |%n|---|---|---|---|---|---|---|---|---|%n",
                ISOLATION_RATE, 2 * ISOLATION_PAIRS, seconds));
        for (Map.Entry<Phase, List<Phase>> condition : List.of(Map.entry(a, answering), Map.entry(b, beside))) {
            Phase p = condition.getKey();
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s |%n", p.name(),
                    p.n(), p.p(50), p.p(90), p.p(99), p.p(99.9), p.max(), Phase.medianP99(condition.getValue()),
                    condition.getValue().stream().map(r -> String.format(Locale.ROOT, "%d (%.0f %%)", r.p(99),
                            r.stealPercent())).collect(Collectors.joining(", "))));
        }
        long medianA = Phase.medianP99(answering);
        long medianB = Phase.medianP99(beside);
        table.append(String.format(Locale.ROOT, "%nChange beside the hanging endpoint: p50 %+.0f%%, p90 %+.0f%%,"
                        + " p99 %+.0f%%, p99.9 %+.0f%%; median of the rounds' p99 %+.0f%% (target: p99 within 20 %%).%n",
                change(a, b, 50), change(a, b, 90), change(a, b, 99), change(a, b, 99.9),
                100.0 * (medianB - medianA) / Math.max(1, medianA)));
    }

    static double change(Phase a, Phase b, double percent) {
        return 100.0 * (b.p(percent) - a.p(percent)) / Math.max(1, a.p(percent));
    }

    /**
     * Offers {@code rate} links/s for {@code seconds} (open loop), optionally while another partner's endpoint hangs;
     * the commit → receiver latency of {@code link.created}, its stages, CPU and statements per link.
     */
    static Phase latency(String path, int rate, int seconds, Neighbour neighbour) throws Exception {
        Partner partner = partner(path);
        Partner other = null;
        int otherLinks = 0;
        if (neighbour != null) {
            // Enough to keep all its attempts hanging from the start, then a trickle: the same traffic whether its
            // endpoint hangs or answers, so only the hanging differs.
            other = partner(neighbour.path());
            if (neighbour.hangs()) {
                receiver.hold(neighbour.path());
            }
            // Its links' first events fill its in-flight budget (a link's second event waits for its first).
            int inFlight = platform.getBean(WebhookProperties.class).maxInFlightPerTarget();
            otherLinks = inFlight + 4;
            createBurst(other.key(), otherLinks, 4);
            if (neighbour.hangs()) {
                receiver.awaitEntered(neighbour.path(), inFlight, Duration.ofSeconds(60));
            } else {
                receiver.await(neighbour.path(), 2 * otherLinks, Duration.ofSeconds(60));
            }
        }
        int links = rate * seconds;
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger trickle = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch sent = new CountDownLatch(links);
        AtomicInteger next = new AtomicInteger();
        int prefix = ++run;
        Partner beside = other;
        statements.start();
        Wal wal0 = Wal.read();
        long jvm0 = ProcessStats.jvmCpuNanos();
        long pg0 = ProcessStats.cpuNanos(server);
        long[] machine0 = ProcessStats.machineTicks();
        long started = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= links) {
                return;
            }
            create(partner.key(), "lat" + prefix + "-" + i).whenComplete((status, error) -> {
                if (error != null || status != 201) {
                    failed.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                sent.countDown();
            });
            if (beside != null && i % 25 == 0) {
                trickle.incrementAndGet();
                create(beside.key(), "beside" + prefix + "-" + i);
            }
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        sent.await(seconds * 20L, TimeUnit.SECONDS);
        pacer.shutdownNow();
        double acceptedPerSecond = links / ((lastAnswer.get() - started) / 1e9);
        List<Receiver.Arrival> arrivals = receiver.await(path, 2 * (links - failed.get()), Duration.ofSeconds(600));
        double jvmMsPerLink = (ProcessStats.jvmCpuNanos() - jvm0) / 1e6 / links;
        double pgMsPerLink = (ProcessStats.cpuNanos(server) - pg0) / 1e6 / links;
        double cpuMsPerLink = jvmMsPerLink + pgMsPerLink;
        Wal wal = Wal.read().minus(wal0);
        long[] machine = ProcessStats.machineTicks();
        double elapsedTicks = (System.nanoTime() - started) / 1e9 * 100 * Runtime.getRuntime().availableProcessors();
        double busyPercent = 100.0 * (machine[0] - machine0[0]) / elapsedTicks;
        double stealPercent = 100.0 * (machine[1] - machine0[1]) / elapsedTicks;
        List<StatementCounter.Statement> ran = statements.stop();
        List<Long> latencies = new ArrayList<>();
        for (Receiver.Arrival arrival : arrivals) {
            JsonNode body = JSON.readTree(arrival.body());
            if (body.get("event").asText().equals("link.created")) {
                latencies.add(arrival.at().toEpochMilli() - Instant.parse(body.get("timestamp").asText()).toEpochMilli());
            }
        }
        Collections.sort(latencies);
        Phase phase = stages(partner, rate, links, failed.get(), acceptedPerSecond, latencies, cpuMsPerLink, ran)
                .stolen(stealPercent);
        print("latency %s: %d links offered at %d/s (%.0f/s accepted, %d refused)%s: commit -> receiver n %d, p50 %d,"
                        + " p90 %d, p99 %d, p99.9 %d, max %d ms; CPU %.1f ms/link (JVM %.1f, PostgreSQL %.1f)", path,
                links, rate, acceptedPerSecond, failed.get(),
                neighbour == null ? "" : neighbour.hangs() ? ", another partner's endpoint hanging"
                        : ", another partner's endpoint answering", phase.n(), phase.p(50),
                phase.p(90), phase.p(99), phase.p(99.9), phase.max(), cpuMsPerLink, jvmMsPerLink, pgMsPerLink);
        print("  stages: event -> outbox row p50 %d / p99 %d ms; outbox row -> delivered p50 %d / p99 %d ms",
                Phase.at(phase.toOutbox(), 50), Phase.at(phase.toOutbox(), 99), Phase.at(phase.toDelivered(), 50),
                Phase.at(phase.toDelivered(), 99));
        print("  statements per link: %s", phase.statementsPerLink());
        print("  machine: %.0f %% busy, %.1f %% stolen by the host (of %d cores)", busyPercent, stealPercent,
                Runtime.getRuntime().availableProcessors());
        if (database.postgres()) {
            print("  WAL per link: %.1f KB (%.0f %% of records full-page images); %d checkpoints (%d requested by"
                            + " WAL volume)", wal.bytes() / 1024.0 / links, 100.0 * wal.fullPages() / Math.max(1,
                            wal.records()), wal.checkpoints() + wal.requestedCheckpoints(), wal.requestedCheckpoints());
        }
        if (neighbour != null) {
            receiver.release(neighbour.path());
            // Drained before the next round: its backlog must not land in another round's samples.
            receiver.await(neighbour.path(), 2 * (otherLinks + trickle.get()), Duration.ofSeconds(300));
        }
        return phase;
    }

    /** The other partner of an isolation round, whose endpoint at {@code path} hangs or answers at once. */
    record Neighbour(String path, boolean hangs) {
    }

    /** PostgreSQL's WAL and checkpoint counters (cumulative; zero on H2). */
    record Wal(long records, long fullPages, long bytes, long checkpoints, long requestedCheckpoints) {

        static Wal read() {
            if (!database.postgres()) {
                return new Wal(0, 0, 0, 0, 0);
            }
            return platform.getBean(JdbcTemplate.class).queryForObject("SELECT w.wal_records, w.wal_fpi,"
                            + " w.wal_bytes::bigint, b.checkpoints_timed, b.checkpoints_req"
                            + " FROM pg_stat_wal w, pg_stat_bgwriter b",
                    (rs, row) -> new Wal(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }

        Wal minus(Wal before) {
            return new Wal(records - before.records, fullPages - before.fullPages, bytes - before.bytes,
                    checkpoints - before.checkpoints, requestedCheckpoints - before.requestedCheckpoints);
        }
    }

    /** Which part of the platform ran a statement, by the name of the thread that ran it. */
    static String role(String thread) {
        if (thread.contains("webhook-outbox")) {
            return "outbox";
        }
        if (thread.startsWith("webhook-")) {
            return "dispatcher";
        }
        if (thread.startsWith("http-")) {
            return "requests";
        }
        return "other";
    }

    /**
     * Where the time went, from the outbox itself: event timestamp → row written by the outbox processor, and row
     * written → delivered (claim, sign, HTTP, record).
     */
    static Phase stages(Partner partner, int rate, int links, int refused, double accepted, List<Long> latencies,
                        double cpuMsPerLink, List<StatementCounter.Statement> ran) {
        JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
        List<Long> toOutbox = new ArrayList<>();
        List<Long> toDelivered = new ArrayList<>();
        jdbc.query("SELECT body, created_at, delivered_at FROM webhook_delivery WHERE partner_id = ?"
                + " AND event_type = 'link.created' AND delivered_at IS NOT NULL", rs -> {
            try {
                Instant event = Instant.parse(JSON.readTree(rs.getString("body")).get("timestamp").asText());
                Instant written = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                Instant delivered = rs.getObject("delivered_at", OffsetDateTime.class).toInstant();
                toOutbox.add(Duration.between(event, written).toMillis());
                toDelivered.add(Duration.between(written, delivered).toMillis());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, partner.id());
        Collections.sort(toOutbox);
        Collections.sort(toDelivered);
        Map<String, Map<String, Long>> byRole = new TreeMap<>();
        for (StatementCounter.Statement statement : ran) {
            byRole.computeIfAbsent(role(statement.thread()), r -> new TreeMap<>()).merge(statement.kind(), 1L,
                    Long::sum);
        }
        Map<String, Double> perLink = new TreeMap<>();
        StringBuilder detail = new StringBuilder();
        byRole.forEach((role, kinds) -> {
            long total = kinds.values().stream().mapToLong(Long::longValue).sum();
            perLink.put(role, (double) total / links);
            detail.append(String.format(Locale.ROOT, "%s %.2f (", role, (double) total / links));
            detail.append(kinds.entrySet().stream().map(k -> String.format(Locale.ROOT, "%s %.2f", k.getKey(),
                    (double) k.getValue() / links)).collect(Collectors.joining(", "))).append("); ");
        });
        return new Phase("offered " + rate + "/s", rate, links, refused, accepted, latencies, toOutbox, toDelivered,
                cpuMsPerLink, perLink, detail.toString(), 0);
    }

    /** One measured phase; percentiles are nearest-rank over the sorted samples. */
    record Phase(String name, int offered, int links, int refused, double accepted, List<Long> latencies,
                 List<Long> toOutbox, List<Long> toDelivered, double cpuMsPerLink, Map<String, Double> perLink,
                 String statementsPerLink, double stealPercent) {

        static Phase pooled(String name, List<Phase> rounds) {
            List<Long> all = new ArrayList<>();
            rounds.forEach(r -> all.addAll(r.latencies()));
            Collections.sort(all);
            return new Phase(name, rounds.get(0).offered(), all.size(), 0, 0, all, List.of(), List.of(), 0, Map.of(),
                    "", 0);
        }

        /** The share of the machine's CPU time the host took while this phase ran. */
        Phase stolen(double percent) {
            return new Phase(name, offered, links, refused, accepted, latencies, toOutbox, toDelivered, cpuMsPerLink,
                    perLink, statementsPerLink, percent);
        }

        /** The median of the rounds' p99s: one slow round (a busy host) moves it less than the pooled p99. */
        static long medianP99(List<Phase> rounds) {
            List<Long> p99s = rounds.stream().map(r -> r.p(99)).sorted().toList();
            int n = p99s.size();
            return n % 2 == 1 ? p99s.get(n / 2) : (p99s.get(n / 2 - 1) + p99s.get(n / 2)) / 2;
        }

        static long at(List<Long> sorted, double percent) {
            if (sorted.isEmpty()) {
                return -1;
            }
            int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }

        long p(double percent) {
            return at(latencies, percent);
        }

        int n() {
            return latencies.size();
        }

        long max() {
            return latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1);
        }

        /** The platform accepted what was offered (within 5 %) and refused nothing. */
        boolean keptUp() {
            return refused == 0 && accepted >= 0.95 * offered;
        }

        String row() {
            return String.format(Locale.ROOT, "| %d | %.0f | %d | %d | %d | %d | %d | %d | %d / %d | %d / %d | %.1f |"
                            + " %.1f · %.1f · %.1f", offered, accepted, n(), p(50), p(90), p(99), p(99.9), max(),
                    at(toOutbox, 50), at(toOutbox, 99), at(toDelivered, 50), at(toDelivered, 99), cpuMsPerLink,
                    perLink.getOrDefault("outbox", 0.0), perLink.getOrDefault("dispatcher", 0.0),
                    perLink.getOrDefault("requests", 0.0));
        }
    }

    record Partner(String key, String id, String path) {
    }

    /** A new sandbox partner whose webhooks go to {@code path}. */
    static Partner partner(String path) {
        String partnerId = Partners.uniqueId("bench");
        ApiClient.Response created = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Bench\"}").bearer(OPERATOR).send();
        check(created, 201);
        ApiClient.Response issued = api.post("/admin/partners/" + partnerId + "/keys",
                "{\"environment\":\"sandbox\"}").bearer(OPERATOR).send();
        check(issued, 201);
        String apiKey = issued.data().get("apiKey").asText();
        check(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url(path) + "\"}").key(apiKey).send(), 200);
        return new Partner(apiKey, partnerId, path);
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
        return http.status(request);
    }

    /** Generous: on a loaded machine the outbox processor may take minutes to catch up with a burst. */
    static void awaitPending(String apiKey, int pending) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(600));
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
        return ProcessStats.load();
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
        private final Map<String, AtomicInteger> entered = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                entered.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                CountDownLatch hold = holds.get(path);
                if (hold != null) {
                    try {
                        // Under the platform's 120 s attempt timeout of this benchmark: a held attempt is answered.
                        hold.await(110, TimeUnit.SECONDS);
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

        /** Waits until {@code count} requests have reached {@code path} (answered or held). */
        void awaitEntered(String path, int count, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (entered.getOrDefault(path, new AtomicInteger()).get() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("only " + entered.getOrDefault(path, new AtomicInteger()).get() + " of "
                            + count + " requests reached " + path);
                }
                Thread.sleep(10);
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

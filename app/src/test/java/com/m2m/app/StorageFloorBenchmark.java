package com.m2m.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded default's disk floor (issue 9: "within 3× of the live data at any size, no growth while idle"); not
 * part of the test suite: {@code ./mvnw -B -o verify -pl app -am -Pbench -Dbench.test=StorageFloorBenchmark}.
 * <p>
 * For each size of {@code bench.storage.sizes} (links, default 0,1000,2000,5000,10000) the platform starts as the
 * README's first command starts it (no datasource URL: its own PostgreSQL) on a <em>fresh</em> data directory, the
 * links are created over HTTP by {@code bench.storage.clients} clients (closed loop, default 4), and then:
 * <ul>
 *   <li>the data directory is measured, part by part (each database's {@code base/<oid>}, {@code pg_wal}, the rest);</li>
 *   <li>what creating the links cost the server: WAL bytes and full-page images ({@code pg_stat_wal}), checkpoints
 *       ({@code pg_stat_bgwriter}), CPU of the PostgreSQL processes and of this JVM (which includes the clients);</li>
 *   <li>at the size {@code bench.storage.idle-at} (default 1000), growth while idle for
 *       {@code bench.storage.idle-minutes} (default 10);</li>
 *   <li>last, "live data" as docs/performance.md defines it: {@code VACUUM FULL}, then {@code pg_database_size} of
 *       the platform's database; the ratio is the directory (before the VACUUM FULL) over that.</li>
 * </ul>
 * A fresh directory per size, because a {@code VACUUM FULL} rewrites the whole database through the WAL and would
 * inflate the next size's {@code pg_wal}. Prints {@code [storage-floor]} lines and a summary table; asserts nothing.
 */
class StorageFloorBenchmark {

    static final List<Integer> SIZES = Arrays.stream(System.getProperty("bench.storage.sizes", "0,1000,2000,5000,10000")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    static final int CLIENTS = Integer.getInteger("bench.storage.clients", 4);
    static final int IDLE_AT = Integer.getInteger("bench.storage.idle-at", 1000);
    static final double IDLE_MINUTES = Double.parseDouble(System.getProperty("bench.storage.idle-minutes", "10"));

    @TempDir
    static Path dir;

    static ExecutorService clientThreads;
    static BenchHttp http;
    static final Map<Integer, Map<String, String>> summary = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        clientThreads = Executors.newFixedThreadPool(CLIENTS);
        http = new BenchHttp(CLIENTS);
    }

    @AfterAll
    static void stop() {
        clientThreads.shutdownNow();
        http.close();
    }

    @Test
    void floor() throws Exception {
        print("sizes %s, %d clients, idle %.1f min at %d links; %d cores, load average at start %s", SIZES, CLIENTS,
                IDLE_MINUTES, IDLE_AT, Runtime.getRuntime().availableProcessors(), ProcessStats.load());
        for (int size : SIZES) {
            summary.put(size, new Run(dir.resolve("size-" + size).resolve("data").resolve("pg")).run(size));
        }
        print("load average at the end %s", ProcessStats.load());
        List<String> figures = new ArrayList<>();
        summary.values().forEach(row -> row.keySet().stream().filter(f -> !figures.contains(f)).forEach(figures::add));
        print("summary:");
        print("| links | %s |", String.join(" | ", figures));
        print("|---|%s", "---|".repeat(figures.size()));
        summary.forEach((size, row) -> print("| %d | %s |", size,
                String.join(" | ", figures.stream().map(f -> row.getOrDefault(f, "")).toList())));
    }

    /** One size, on a fresh data directory, from start to stop. */
    static final class Run {

        final Path data;
        final Map<String, String> row = new LinkedHashMap<>();
        final AtomicInteger reference = new AtomicInteger();
        ConfigurableApplicationContext platform;
        JdbcTemplate jdbc;
        int port;
        String key;

        Run(Path data) {
            this.data = data.toAbsolutePath().normalize();
        }

        Map<String, String> run(int links) throws Exception {
            try {
                platform = new SpringApplicationBuilder(M2mApplication.class).run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--m2m.embedded-postgres.data-directory=" + data,
                        "--m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR",
                        "--m2m.rate-limits.create-links-per-minute=100000000",
                        "--m2m.rate-limits.requests-per-minute=100000000",
                        "--m2m.rate-limits.staff-auth-failures-per-minute=10000",
                        "--logging.level.com.m2m=WARN");
                port = Integer.parseInt(platform.getEnvironment().getProperty("local.server.port"));
                jdbc = platform.getBean(JdbcTemplate.class);
                key = new Partners(new ApiClient(port)).sandboxPartner(Partners.uniqueId("floor"));
                measure(links);
            } finally {
                if (platform != null) {
                    platform.close();
                }
            }
            return row;
        }

        void measure(int links) throws Exception {
            print("%d links: WAL segment size %s, min_wal_size %s, max_wal_size %s", links,
                    show("wal_segment_size"), show("min_wal_size"), show("max_wal_size"));
            List<ProcessHandle> server = ProcessStats.serverProcesses(Optional.of(data.toString()));
            Map<String, Object> wal0 = jdbc.queryForMap("SELECT wal_bytes, wal_fpi FROM pg_stat_wal");
            long checkpoints0 = checkpoints();
            long serverCpu0 = ProcessStats.cpuNanos(server);
            long jvmCpu0 = ProcessStats.jvmCpuNanos();
            long started = System.nanoTime();
            createLinks(links);
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000); // the streaming processors finish what the burst left them
            if (links > 0) {
                Map<String, Object> wal = jdbc.queryForMap("SELECT wal_bytes, wal_fpi FROM pg_stat_wal");
                double walKb = (((Number) wal.get("wal_bytes")).doubleValue()
                        - ((Number) wal0.get("wal_bytes")).doubleValue()) / 1024 / links;
                double fpi = (((Number) wal.get("wal_fpi")).doubleValue()
                        - ((Number) wal0.get("wal_fpi")).doubleValue()) / links;
                double serverMs = (ProcessStats.cpuNanos(ProcessStats.serverProcesses(Optional.of(data.toString())))
                        - serverCpu0) / 1e6 / links;
                double jvmMs = (ProcessStats.jvmCpuNanos() - jvmCpu0) / 1e6 / links;
                print("%d links: created in %.1f s (%.0f/s); per link: %.1f KB of WAL, %.2f full-page images, CPU %.2f"
                                + " ms PostgreSQL + %.2f ms this JVM (incl. clients); %d checkpoints", links, seconds,
                        links / seconds, walKb, fpi, serverMs, jvmMs, checkpoints() - checkpoints0);
                row.put("links/s", fmt("%.0f", links / seconds));
                row.put("WAL KB per link", fmt("%.1f", walKb));
                row.put("FPI per link", fmt("%.2f", fpi));
                row.put("PG CPU ms per link", fmt("%.2f", serverMs));
                row.put("checkpoints", Long.toString(checkpoints() - checkpoints0));
            }
            Map<String, Long> parts = parts();
            long directory = parts.values().stream().mapToLong(Long::longValue).sum();
            print("%d links: directory %.1f MB: %s", links, directory / 1e6, describe(parts));
            row.put("directory MB", fmt("%.1f", directory / 1e6));
            row.put("pg_wal MB", fmt("%.1f", parts.getOrDefault("pg_wal", 0L) / 1e6));
            if (links == IDLE_AT && IDLE_MINUTES > 0) {
                long idleStart = System.nanoTime();
                Thread.sleep((long) (IDLE_MINUTES * 60_000));
                double minutes = (System.nanoTime() - idleStart) / 60e9;
                Map<String, Long> after = parts();
                long idle = after.values().stream().mapToLong(Long::longValue).sum();
                print("%d links: idle %.1f min: directory %.2f -> %.2f MB (%+d bytes): %s", links, minutes,
                        directory / 1e6, idle / 1e6, idle - directory, describe(after));
                row.put("idle", fmt("%.2f → %.2f MB in %.1f min", directory / 1e6, idle / 1e6, minutes));
            }
            long platformDb = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
            jdbc.execute("VACUUM FULL");
            long live = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
            print("%d links: the platform's database %.1f MB, %.1f MB after VACUUM FULL (live): directory = %.2f×"
                    + " live", links, platformDb / 1e6, live / 1e6, (double) directory / live);
            row.put("live MB", fmt("%.1f", live / 1e6));
            row.put("directory ÷ live", fmt("%.2f", (double) directory / live));
        }

        void createLinks(int count) throws Exception {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    while (next.getAndIncrement() < count) {
                        if (createLink() != 201) {
                            failed.incrementAndGet();
                        }
                    }
                }, clientThreads));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(3600, TimeUnit.SECONDS);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + count + " links were not created");
            }
        }

        int createLink() {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/partner/links"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"referenceId\":\"r-" + reference.incrementAndGet()
                            + "\"}")).build();
            return http.send(request);
        }

        /** Bytes per part of the data directory: each database by name, pg_wal, and everything else as "other". */
        Map<String, Long> parts() throws IOException {
            Map<String, String> databases = new LinkedHashMap<>();
            jdbc.query("SELECT oid, datname FROM pg_database ORDER BY oid",
                    (java.sql.ResultSet r) -> { databases.put(r.getString(1), r.getString(2)); });
            Map<String, Long> parts = new LinkedHashMap<>();
            databases.forEach((oid, name) -> parts.put(name, ProcessStats.directoryBytes(data.resolve("base").resolve(oid))));
            parts.put("pg_wal", ProcessStats.directoryBytes(data.resolve("pg_wal")));
            long everything = ProcessStats.directoryBytes(data);
            parts.put("other", everything - parts.values().stream().mapToLong(Long::longValue).sum());
            return parts;
        }

        long checkpoints() {
            return jdbc.queryForObject("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter", Long.class);
        }

        String show(String setting) {
            return jdbc.queryForObject("SHOW " + setting, String.class);
        }
    }

    static String describe(Map<String, Long> parts) {
        List<String> described = new ArrayList<>();
        parts.forEach((name, bytes) -> described.add(fmt("%s %.1f", name, bytes / 1e6)));
        return String.join(", ", described) + " (MB)";
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void print(String format, Object... args) {
        System.out.println("[storage-floor] " + fmt(format, args));
    }
}

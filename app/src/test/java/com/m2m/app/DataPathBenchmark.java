package com.m2m.app;

import com.m2m.app.perf.StatementCounter;
import com.m2m.domain.link.LinkStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The data-path benchmark (not part of the test suite; {@code ./mvnw -B -o verify -pl app -am -Pbench}, or
 * {@code -Dtest=DataPathBenchmark} to run it alone). For each database configuration of {@link BenchDatabase} the
 * platform starts in this JVM on a random port and the benchmark measures, over real HTTP with keep-alive:
 *
 * <ul>
 *   <li>the ceiling: {@code GET /w/assets/logo.svg} (a static asset served by the same Tomcat, filters and
 *       security chain), at saturation, at 200/s offered and one request at a time, with its CPU per request;</li>
 *   <li>create link at saturation ({@code bench.clients} clients, closed loop), and at a fixed
 *       {@code bench.rate}/s offered open-loop, latency measured from each request's intended send time (a late
 *       send counts its delay: no coordinated omission);</li>
 *   <li>SQL statements (counted through the datasource by {@link StatementCounter}, everything the platform ran
 *       during the window: commands, subscribing and streaming processors, pollers) and CPU (this JVM, plus the
 *       PostgreSQL processes) per created link;</li>
 *   <li>bytes on disk per link, and growth while idle for {@code bench.idle-minutes} (extrapolated to an hour);</li>
 *   <li>heap after GC and RSS once the event store holds {@code bench.events} events (on PostgreSQL seeded by SQL
 *       and the platform restarted on them, see {@code seedEventsAndRestart}; over HTTP on H2);</li>
 *   <li>{@code GET /partner/links} first page for every documented filter at {@code bench.list-small} and
 *       {@code bench.list-large} links of one tenant, the links beyond those created over HTTP seeded by bulk SQL
 *       ({@link BenchSeeder});</li>
 *   <li>disk against live data at the end: the files, then the same database compacted.</li>
 * </ul>
 *
 * Prints {@code [data-path-benchmark]} lines and a summary table; asserts nothing about speed.
 */
class DataPathBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    static final int RATE = Integer.getInteger("bench.rate", 200);
    /** {@code -Dbench.warmup-seconds}: create-link load before the first measured window of each configuration. */
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 20);
    static final long EVENTS = Long.getLong("bench.events", 1_000_000);
    static final double IDLE_MINUTES = Double.parseDouble(System.getProperty("bench.idle-minutes", "1"));
    static final long LIST_SMALL = Long.getLong("bench.list-small", 10_000);
    static final long LIST_LARGE = Long.getLong("bench.list-large", 1_000_000);
    static final int LIST_REQUESTS = Integer.getInteger("bench.list-requests", 200);
    /** {@code -Dbench.parts=lists}: only the list part (after a warm-up), to re-run it without the rest. */
    static final boolean LISTS_ONLY = "lists".equals(System.getProperty("bench.parts", "all"));
    static final String OPERATOR = PlatformTest.OPERATOR_TOKEN;
    static final String CEILING_PATH = "/w/assets/logo.svg";
    /** Links created over HTTP after the restart on a store seeded with events, before heap and RSS are read. */
    static final int AFTER_RESTART_LINKS = Integer.getInteger("bench.after-restart-links", 2000);

    @TempDir
    static Path dir;

    static ExecutorService clientThreads;
    static BenchHttp http;
    static final Map<String, Map<String, String>> summary = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        clientThreads = Executors.newFixedThreadPool(Math.max(CLIENTS, 4));
        http = new BenchHttp(256);
    }

    @AfterAll
    static void stop() {
        clientThreads.shutdownNow();
        http.close();
    }

    @Test
    void dataPath() throws Exception {
        print("scale: bench.clients=%d bench.seconds=%d bench.rate=%d bench.events=%d bench.idle-minutes=%s"
                        + " bench.list-small=%d bench.list-large=%d bench.list-requests=%d", CLIENTS, SECONDS, RATE,
                EVENTS, IDLE_MINUTES, LIST_SMALL, LIST_LARGE, LIST_REQUESTS);
        print("machine: %d cores, %d MB max heap, java %s; load average at start %s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), ProcessStats.load());
        long started = System.nanoTime();
        for (BenchDatabase database : BenchDatabase.selected()) {
            Path databaseDir = Files.createDirectories(dir.resolve(database.name()));
            long databaseStarted = System.nanoTime();
            summary.put(database.name(), new Run(database, databaseDir).run());
            print("%s: done in %.1f min", database.name(), (System.nanoTime() - databaseStarted) / 60e9);
        }
        print("load average at the end %s; the whole run took %.1f min", ProcessStats.load(),
                (System.nanoTime() - started) / 60e9);
        printSummary();
    }

    /** One configuration, from start to stop. */
    static final class Run {

        final BenchDatabase database;
        final Path dir;
        final Map<String, String> row = new LinkedHashMap<>();
        BenchDatabase.Running running;
        ConfigurableApplicationContext platform;
        StatementCounter statements = new StatementCounter();
        JdbcTemplate jdbc;
        int port;
        String key;
        String partnerId;
        final AtomicInteger reference = new AtomicInteger();

        Run(BenchDatabase database, Path dir) {
            this.database = database;
            this.dir = dir;
        }

        Map<String, String> run() throws Exception {
            running = database.start(dir);
            try {
                startPlatform();
                measure();
            } catch (Exception e) {
                // Keep the figures measured so far and go on with the next configuration.
                print("%s: stopped by %s", database.name(), e);
                row.put("stopped by", e.getClass().getSimpleName());
            } finally {
                if (platform != null) {
                    platform.close();
                }
                if (!running.postgres()) {
                    compactH2();
                }
                running.stop().close();
            }
            return row;
        }

        void startPlatform() {
            bootPlatform();
            ApiClient api = new ApiClient(port);
            partnerId = Partners.uniqueId("bench");
            key = new Partners(api).sandboxPartner(partnerId);
            print("%s: platform up on port %d (%s)", database.name(), port,
                    jdbc.queryForObject(running.postgres() ? "SELECT version()" : "SELECT H2VERSION()", String.class));
        }

        /** Starts the platform on the configuration's database (again, after {@link #seedEventsAndRestart}). */
        void bootPlatform() {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--management.server.port=0",
                    "--m2m.demo-partner.enabled=false",
                    "--m2m.staff-tokens=" + OPERATOR + ":OPERATOR",
                    "--m2m.rate-limits.create-links-per-minute=100000000",
                    "--m2m.rate-limits.requests-per-minute=100000000",
                    "--m2m.rate-limits.staff-auth-failures-per-minute=10000",
                    "--logging.level.com.m2m=WARN"));
            running.properties().forEach((name, value) -> args.add("--" + name + "=" + value));
            platform = new SpringApplicationBuilder(M2mApplication.class).initializers(statements)
                    .run(args.toArray(String[]::new));
            port = Integer.parseInt(platform.getEnvironment().getProperty("local.server.port"));
            jdbc = platform.getBean(JdbcTemplate.class);
        }

        void measure() throws Exception {
            if (LISTS_ONLY) {
                listsAlone();
                return;
            }
            String name = database.name();
            // Warm-up: JIT, pools, caches. Long enough for C2 to compile the create path, so the first
            // configuration of a run is not measured on a cold JVM (4 s left it at a quarter of the second's ceiling).
            saturate(() -> get(CEILING_PATH), WARMUP_SECONDS / 2);
            saturate(this::createLink, WARMUP_SECONDS);

            long cpu0 = ProcessStats.jvmCpuNanos();
            Load ceiling = saturate(() -> get(CEILING_PATH), SECONDS);
            double ceilingCpuMs = (ProcessStats.jvmCpuNanos() - cpu0) / 1e6 / ceiling.ok();
            Load ceilingOpen = openLoop(() -> get(CEILING_PATH), RATE, SECONDS);
            Load ceilingOne = sequential(() -> get(CEILING_PATH), LIST_REQUESTS);
            print("%s: ceiling %s: %.0f req/s at saturation (p50 %.1f / p99 %.1f ms), %.2f ms CPU per request;"
                            + " at %d/s offered p50 %.1f / p99 %.1f ms; one at a time p50 %.2f / p99 %.2f ms", name,
                    CEILING_PATH, ceiling.perSecond(), ceiling.p(50), ceiling.p(99), ceilingCpuMs, RATE,
                    ceilingOpen.p(50), ceilingOpen.p(99), ceilingOne.p(50), ceilingOne.p(99));
            row.put("ceiling req/s", fmt("%.0f", ceiling.perSecond()));

            // Create link at saturation: throughput, statements, CPU.
            List<ProcessHandle> server = ProcessStats.serverProcesses(running.serverDir());
            long linksBefore = linkCount();
            long statements0 = statements.total();
            Map<String, Long> bySql0 = statements.snapshot();
            cpu0 = ProcessStats.jvmCpuNanos();
            long serverCpu0 = ProcessStats.cpuNanos(server);
            Load create = saturate(this::createLink, SECONDS);
            awaitQuiet();
            long links = linkCount() - linksBefore;
            double perLinkStatements = (double) (statements.total() - statements0) / links;
            double jvmCpuMs = (ProcessStats.jvmCpuNanos() - cpu0) / 1e6 / links;
            double serverCpuMs = (ProcessStats.cpuNanos(ProcessStats.serverProcesses(running.serverDir()))
                    - serverCpu0) / 1e6 / links;
            print("%s: create link at saturation (%d clients, %d s): %.0f links/s = %.3f of the ceiling; p50 %.1f /"
                            + " p99 %.1f ms; %d errors", name, CLIENTS, SECONDS, create.perSecond(),
                    create.perSecond() / ceiling.perSecond(), create.p(50), create.p(99), create.failed());
            print("%s: per created link (%d links): %.1f SQL statements; CPU %.2f ms in this JVM (%.1f× a ceiling"
                            + " request; includes the load generator)%s", name, links, perLinkStatements, jvmCpuMs,
                    jvmCpuMs / ceilingCpuMs, running.postgres() ? fmt(" + %.2f ms in PostgreSQL", serverCpuMs) : "");
            for (Map.Entry<String, Long> top : statements.top(bySql0, 15)) {
                print("%s:   %5.2f per link  %s", name, (double) top.getValue() / links, top.getKey());
            }
            row.put("create links/s at saturation", fmt("%.0f (%.3f×)", create.perSecond(),
                    create.perSecond() / ceiling.perSecond()));
            row.put("create p50/p99 at saturation ms", fmt("%.0f / %.0f", create.p(50), create.p(99)));
            row.put("SQL statements per link", fmt("%.1f", perLinkStatements));
            row.put("CPU ms per link (JVM [+ PG])", running.postgres()
                    ? fmt("%.2f + %.2f", jvmCpuMs, serverCpuMs) : fmt("%.2f", jvmCpuMs));

            // Fixed offered rate, open loop.
            Load open = openLoop(this::createLink, RATE, SECONDS);
            print("%s: create link at %d/s offered for %d s: achieved %.0f/s, p50 %.1f / p99 %.1f / max %.0f ms from"
                            + " the intended send time (%.1f× / %.1f× the ceiling's at that rate); %d errors", name,
                    RATE, SECONDS, open.perSecond(), open.p(50), open.p(99), open.p(100), open.p(50) / ceilingOpen.p(50),
                    open.p(99) / ceilingOpen.p(99), open.failed());
            row.put("create p50/p99 at " + RATE + "/s ms", fmt("%.0f / %.0f", open.p(50), open.p(99)));
            awaitQuiet();

            // Disk per link, then idle growth.
            long httpLinks = linkCount();
            long disk = ProcessStats.directoryBytes(running.diskDir());
            print("%s: disk after %d links created over HTTP: %.1f MB = %.1f KB per link", name, httpLinks,
                    disk / 1e6, disk / 1024.0 / httpLinks);
            row.put("disk KB per link", fmt("%.1f", disk / 1024.0 / httpLinks));
            long idleStatements0 = statements.total();
            long idleStart = System.nanoTime();
            Thread.sleep((long) (IDLE_MINUTES * 60_000));
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            long grown = ProcessStats.directoryBytes(running.diskDir()) - disk;
            double perHour = grown * 3600 / idleSeconds;
            double idleRate = (statements.total() - idleStatements0) / idleSeconds;
            print("%s: idle %.1f min: files grew %d bytes (%.2f MB per hour, extrapolated); %.2f SQL statements/s",
                    name, idleSeconds / 60, grown, perHour / 1e6, idleRate);
            row.put("idle growth MB/hour (extrapolated)", fmt("%.2f", perHour / 1e6));
            row.put("idle SQL statements/s", fmt("%.2f", idleRate));

            // Heap and RSS once the event store holds bench.events events.
            if (running.postgres() && !Boolean.getBoolean("bench.events-over-http")) {
                seedEventsAndRestart();
            } else {
                topUpEventsOverHttp();
            }
            awaitQuiet();
            long events = eventCount();
            long heap = ProcessStats.heapAfterGc();
            long rss = ProcessStats.rssBytes(ProcessHandle.current().pid());
            long serverRss = ProcessStats.serverProcesses(running.serverDir()).stream()
                    .mapToLong(p -> ProcessStats.rssBytes(p.pid())).sum();
            print("%s: with %d events in the store (%d links in link_view): heap after GC %.0f MB, RSS %.0f MB%s",
                    name, events, linkCount(), heap / 1e6, rss / 1e6,
                    running.postgres() ? fmt(" + PostgreSQL processes %.0f MB (shared memory counted in each)",
                            serverRss / 1e6) : "");
            row.put("events for heap/RSS", Long.toString(events));
            row.put("heap after GC MB", fmt("%.0f", heap / 1e6));
            row.put("RSS MB (JVM [+ PG])", running.postgres()
                    ? fmt("%.0f + %.0f", rss / 1e6, serverRss / 1e6) : fmt("%.0f", rss / 1e6));

            // Lists at two sizes of one tenant.
            lists(ceilingOne);

            long finalDisk = ProcessStats.directoryBytes(running.diskDir());
            row.put("disk MB at the end", fmt("%.0f", finalDisk / 1e6));
            print("%s: files at the end: %.1f MB", name, finalDisk / 1e6);
            if (running.postgres()) {
                jdbc.execute("VACUUM FULL");
                long live = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
                print("%s: after VACUUM FULL the database is %.1f MB: files at the end = %.2f× that (the files"
                        + " include WAL and the catalog)", name, live / 1e6, (double) finalDisk / live);
                row.put("disk ÷ compacted", fmt("%.2f", (double) finalDisk / live));
            } else {
                row.put("disk ÷ compacted", "see below");
                finalFiles = finalDisk;
            }
        }

        long finalFiles;

        /** H2 (or -Dbench.events-over-http): links created over HTTP until the store holds bench.events events. */
        void topUpEventsOverHttp() throws Exception {
            long events = eventCount();
            long topUpStart = System.nanoTime();
            while (events < EVENTS) {
                long perLink = Math.max(1, events / Math.max(1, linkCount()));
                int batch = (int) Math.min(20_000, Math.max(100, (EVENTS - events) / perLink + 1));
                burst(batch);
                events = eventCount();
            }
            print("%s: %d events created over HTTP (topping up took %.0f s)", database.name(), events,
                    (System.nanoTime() - topUpStart) / 1e9);
        }

        /**
         * PostgreSQL: the event store filled by SQL, then the platform restarted on it. With the platform stopped,
         * the events of one link created over HTTP (its aggregate's events, in sequence) are copied under new
         * aggregate ids ({@code <linkId>_e<n>}, same sequence numbers, new event ids, global indexes from the
         * store's own identity) until the store holds {@code bench.events}; every tracking token is then set at
         * the new head (index = the highest global index, no gaps). The restarted platform therefore does not
         * hand the copies to its streaming processors: no projection row, outbox row or webhook comes from them
         * (checked below through {@code webhook_link_context}, which the outbox processor writes for every
         * created link). The copies are never loaded either (no command targets them): what this measures is a
         * platform running on a store of that size, after {@link #AFTER_RESTART_LINKS} links of fresh traffic,
         * not a platform that has itself handled a million events since it started.
         */
        void seedEventsAndRestart() throws Exception {
            String name = database.name();
            long events = eventCount();
            if (events >= EVENTS) {
                return;
            }
            String template = jdbc.queryForObject("SELECT link_id FROM link_view WHERE partner_id = ?"
                    + " ORDER BY created_at LIMIT 1", String.class, partnerId);
            awaitQuiet();
            long contexts = webhookLinkContexts();
            long links = linkCount();
            platform.close();
            platform = null;
            long started = System.nanoTime();
            com.m2m.app.config.EmbeddedPostgresServer ownServer = null;
            String url = running.properties().get("spring.datasource.url");
            if (url == null) {
                // The embedded default stopped with the platform: start it on the same directory for the seeding.
                ownServer = com.m2m.app.config.EmbeddedPostgresServer.start(running.diskDir());
                url = ownServer.jdbcUrl();
            }
            try {
                JdbcTemplate store = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        url, "postgres", running.properties().getOrDefault("spring.datasource.password", "")));
                int perLink = store.queryForObject("SELECT COUNT(*) FROM domainevententry"
                        + " WHERE aggregateidentifier = ?", Integer.class, template);
                if (perLink == 0) {
                    throw new IllegalStateException("no events under aggregate id " + template);
                }
                long copies = (EVENTS - events + perLink - 1) / perLink;
                String sql = "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type,"
                        + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                        + " SELECT e.aggregateidentifier || '_e' || g.x, e.sequencenumber, e.type,"
                        + " md5(e.eventidentifier || '_e' || g.x), e.metadata, e.payload, e.payloadrevision,"
                        + " e.payloadtype, e.timestamp"
                        + " FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g(x)"
                        + " CROSS JOIN domainevententry e WHERE e.aggregateidentifier = ?"
                        + " ORDER BY g.x, e.sequencenumber";
                long chunk = Math.max(1, 100_000 / perLink);
                for (long from = 1; from <= copies; from += chunk) {
                    store.update(sql, from, Math.min(copies, from + chunk - 1), template);
                }
                long head = store.queryForObject("SELECT MAX(globalindex) FROM domainevententry", Long.class);
                int moved = 0;
                for (Map<String, Object> token : store.queryForList("SELECT processorname, segment, tokentype,"
                        + " token FROM tokenentry")) {
                    String type = String.valueOf(token.get("tokentype"));
                    byte[] bytes = (byte[]) token.get("token");
                    if (bytes == null || !type.endsWith("GapAwareTrackingToken")) {
                        print("%s:   token of %s/%s (%s) left as it is", name, token.get("processorname"),
                                token.get("segment"), type);
                        continue;
                    }
                    String json = new String(bytes, StandardCharsets.UTF_8)
                            .replaceAll("\"index\"\\s*:\\s*\\d+", "\"index\":" + head)
                            .replaceAll("\"gaps\"\\s*:\\s*\\[[^\\]]*\\]", "\"gaps\":[]");
                    moved += store.update("UPDATE tokenentry SET token = ? WHERE processorname = ? AND segment = ?",
                            json.getBytes(StandardCharsets.UTF_8), token.get("processorname"), token.get("segment"));
                }
                store.execute("ANALYZE domainevententry");
                print("%s: seeded %d events by SQL (%d copies of link %s's %d events) in %.1f s; %d tracking"
                                + " tokens set at the head, global index %d", name, store.queryForObject(
                                "SELECT COUNT(*) FROM domainevententry", Long.class) - events, copies, template,
                        perLink, (System.nanoTime() - started) / 1e9, moved, head);
            } finally {
                if (ownServer != null) {
                    ownServer.close();
                }
            }
            long restart = System.nanoTime();
            bootPlatform();
            print("%s: platform restarted on the seeded store in %.1f s", name, (System.nanoTime() - restart) / 1e9);
            awaitQuiet();
            print("%s: after the restart, before new traffic: %d webhook link contexts (%d before: the seeded events"
                            + " were %sre-delivered), %d links in link_view (%d before)", name, webhookLinkContexts(),
                    contexts, webhookLinkContexts() == contexts ? "not " : "", linkCount(), links);
            burst(AFTER_RESTART_LINKS);
        }

        long webhookLinkContexts() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_link_context", Long.class);
        }

        /**
         * {@code -Dbench.parts=lists}: the warm-up (its links are the seeding's template), the ceiling one request
         * at a time (the lists' yardstick), then the lists; no create, disk, idle or event-store part.
         */
        void listsAlone() throws Exception {
            saturate(() -> get(CEILING_PATH), 4);
            saturate(this::createLink, 4);
            awaitQuiet();
            Load ceilingOne = sequential(() -> get(CEILING_PATH), LIST_REQUESTS);
            print("%s: ceiling %s one at a time p50 %.2f / p99 %.2f ms", database.name(), CEILING_PATH,
                    ceilingOne.p(50), ceilingOne.p(99));
            lists(ceilingOne);
        }

        void lists(Load ceilingOne) throws Exception {
            String name = database.name();
            String template = jdbc.queryForObject("SELECT link_id FROM link_view WHERE partner_id = ?"
                    + " ORDER BY created_at LIMIT 1", String.class, partnerId);
            BenchSeeder seeder = new BenchSeeder(jdbc, running.postgres());
            long have = tenantLinks();
            long seeded = 0;
            for (long size : new long[]{LIST_SMALL, LIST_LARGE}) {
                if (have < size) {
                    long started = System.nanoTime();
                    seeder.seedLinks(template, seeded + 1, seeded + size - have);
                    seeded += size - have;
                    print("%s: seeded %d links by bulk SQL in %.1f s", name, size - have,
                            (System.nanoTime() - started) / 1e9);
                    have = tenantLinks();
                }
                checkTotals();
                Instant base = seeder.base();
                Map<String, String> filters = new LinkedHashMap<>();
                filters.put("none", "");
                filters.put("from+to (1 h)", "from=" + enc(base.minusSeconds(7200)) + "&to=" + enc(base.minusSeconds(3600)));
                for (LinkStatus status : LinkStatus.values()) {
                    filters.put("status=" + status.wireName(), "status=" + status.wireName());
                }
                filters.put("visibility=active", "visibility=active");
                filters.put("visibility=expired", "visibility=expired");
                filters.put("referenceId", "referenceId=" + BenchSeeder.referenceId(Math.max(1, seeded / 2)));
                double worst = 0;
                for (Map.Entry<String, String> filter : filters.entrySet()) {
                    String path = "/partner/links" + (filter.getValue().isEmpty() ? "" : "?" + filter.getValue());
                    // A live tenant's links change between two reads; without a write H2 hands back the last
                    // result of an identical query (org.h2.command.query.Query), which no real partner would see.
                    Runnable touch = () -> jdbc.update("UPDATE link_view SET status = status WHERE link_id = ?",
                            template);
                    sequential(() -> getWithKey(path), 20, touch);
                    // What a slow tail coincides with: collections in this JVM, autovacuum/analyze of link_view.
                    long gcs0 = gcCount();
                    long vacuums0 = linkViewMaintenance();
                    Load load = sequential(() -> getWithKey(path), LIST_REQUESTS, touch);
                    worst = Math.max(worst, load.p(99));
                    print("%s: GET /partner/links %s at %d links: p50 %.1f / p99 %.1f / max %.1f ms (%.2f× / %.2f×"
                                    + " the ceiling one at a time); meanwhile %d GCs, %d autovacuum/analyze of"
                                    + " link_view", name, filter.getKey(), have, load.p(50), load.p(99), load.p(100),
                            load.p(50) / ceilingOne.p(50), load.p(99) / ceilingOne.p(99),
                            gcCount() - gcs0, linkViewMaintenance() - vacuums0);
                    row.put("list " + filter.getKey() + " p50/p99 ms at " + label(size),
                            fmt("%.1f / %.1f", load.p(50), load.p(99)));
                }
                row.put("list worst p99 ms at " + label(size), fmt("%.1f", worst));
            }
        }

        /**
         * The seeded counts must keep {@code pagination.total} exact: the API's total against a COUNT(*), for no
         * filter and two terminal statuses (a {@code created} link past its expiry counts as expired, not created).
         */
        void checkTotals() {
            ApiClient api = new ApiClient(port);
            for (String status : new String[]{null, "completed", "revoked"}) {
                long total = api.get("/partner/links" + (status == null ? "" : "?status=" + status)).key(key).send()
                        .data().path("pagination").path("total").asLong(-1);
                long counted = status == null ? tenantLinks() : jdbc.queryForObject("SELECT COUNT(*) FROM link_view"
                        + " WHERE partner_id = ? AND status = ?", Long.class, partnerId, status);
                print("%s: pagination.total%s = %d, COUNT(*) = %d%s", database.name(),
                        status == null ? "" : " (status=" + status + ")", total, counted,
                        total == counted ? "" : "  ** NOT EXACT: the seeded counts are off **");
            }
        }

        void compactH2() {
            if (finalFiles == 0) {
                return; // stopped before the end
            }
            try {
                Path file = running.diskDir().resolve("m2m");
                try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + file
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
                    connection.createStatement().execute("SHUTDOWN COMPACT");
                }
                long compacted = ProcessStats.directoryBytes(running.diskDir());
                print("%s: the same database after SHUTDOWN COMPACT: %.1f MB: files at the end = %.2f× that",
                        database.name(), compacted / 1e6, (double) finalFiles / compacted);
                row.put("disk ÷ compacted", fmt("%.2f", (double) finalFiles / compacted));
            } catch (Exception e) {
                print("%s: could not compact the H2 file: %s", database.name(), e);
            }
        }

        /** Collections in this JVM so far (the platform and the load generator share it). */
        static long gcCount() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        }

        /** PostgreSQL's autovacuum and autoanalyze runs on link_view so far (0 on H2). */
        long linkViewMaintenance() {
            return running.postgres() ? jdbc.queryForObject("SELECT COALESCE(SUM(autovacuum_count + autoanalyze_count),"
                    + " 0) FROM pg_stat_user_tables WHERE relname = 'link_view'", Long.class) : 0;
        }

        long linkCount() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM link_view", Long.class);
        }

        long tenantLinks() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM link_view WHERE partner_id = ?", Long.class, partnerId);
        }

        long eventCount() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class);
        }

        /** Lets the streaming processors (the webhook outbox) finish what the last burst left them. */
        void awaitQuiet() throws InterruptedException {
            Thread.sleep(2000);
        }

        CompletableFuture<Integer> createLink() {
            HttpRequest request = HttpRequest.newBuilder(uri("/partner/links"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"referenceId\":\"r-" + reference.incrementAndGet()
                            + "\"}")).build();
            return http.status(request).thenApply(status -> status == 201 ? 200 : status);
        }

        CompletableFuture<Integer> get(String path) {
            return http.status(HttpRequest.newBuilder(uri(path)).build());
        }

        CompletableFuture<Integer> getWithKey(String path) {
            return http.status(HttpRequest.newBuilder(uri(path)).header("X-API-Key", key).build());
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void burst(int count) throws Exception {
            AtomicInteger next = new AtomicInteger();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    while (next.getAndIncrement() < count) {
                        createLink().join();
                    }
                }, clientThreads));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(3600, TimeUnit.SECONDS);
        }
    }

    /** {@code CLIENTS} clients each sending its next request when the last answered, for {@code seconds}. */
    static Load saturate(Supplier<CompletableFuture<Integer>> request, int seconds) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        long end = started + seconds * 1_000_000_000L;
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < CLIENTS; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        if (request.get().join() == 200) {
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }, clientThreads));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(seconds + 300L, TimeUnit.SECONDS);
        return Load.of(latencies, failed.get(), started);
    }

    /**
     * {@code rate} requests a second for {@code seconds}, each sent at its intended time {@code start + i/rate}
     * whether or not earlier ones have answered (open loop); latency runs from the intended time, so a sender that
     * falls behind counts its lateness too.
     */
    static Load openLoop(Supplier<CompletableFuture<Integer>> request, int rate, int seconds) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        int total = rate * seconds;
        List<CompletableFuture<Void>> answers = new ArrayList<>(total);
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = started + (long) (i * 1e9 / rate);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            answers.add(request.get().handle((status, error) -> {
                if (error == null && status == 200) {
                    latencies.add((System.nanoTime() - intended) / 1e6);
                } else {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
        return Load.of(latencies, failed.get(), started);
    }

    /** One request at a time. */
    static Load sequential(Supplier<CompletableFuture<Integer>> request, int count) {
        return sequential(request, count, () -> { });
    }

    /** One request at a time, {@code beforeEach} running (untimed) before each. */
    static Load sequential(Supplier<CompletableFuture<Integer>> request, int count, Runnable beforeEach) {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        int failed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            beforeEach.run();
            long sent = System.nanoTime();
            if (request.get().join() == 200) {
                latencies.add((System.nanoTime() - sent) / 1e6);
            } else {
                failed++;
            }
        }
        return Load.of(latencies, failed, started);
    }

    static void printSummary() {
        List<String> names = new ArrayList<>(summary.keySet());
        List<String> figures = new ArrayList<>();
        summary.values().forEach(r -> r.keySet().forEach(f -> {
            if (!figures.contains(f)) {
                figures.add(f);
            }
        }));
        print("summary:");
        print("| figure | %s |", String.join(" | ", names));
        print("|---|%s", "---|".repeat(names.size()));
        for (String figure : figures) {
            List<String> cells = names.stream().map(n -> summary.get(n).getOrDefault(figure, "")).toList();
            print("| %s | %s |", figure, String.join(" | ", cells));
        }
    }

    static String label(long links) {
        return links >= 1_000_000 && links % 1_000_000 == 0 ? links / 1_000_000 + "M"
                : links >= 1000 && links % 1000 == 0 ? links / 1000 + "k" : Long.toString(links);
    }

    static String enc(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void print(String format, Object... args) {
        System.out.println("[data-path-benchmark] " + fmt(format, args));
    }
}

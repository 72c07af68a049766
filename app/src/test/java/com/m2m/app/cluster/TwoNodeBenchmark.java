package com.m2m.app.cluster;

import com.m2m.app.ApiClient;
import com.m2m.app.Load;
import com.m2m.app.Partners;
import com.m2m.app.ProcessStats;
import com.m2m.domain.privacy.MasterKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two-node figure (not part of the test suite; {@code ./mvnw -B -o verify -pl app -am -Pbench
 * -Dbench.test=TwoNodeBenchmark}; docs/performance.md "Two nodes"): create-link throughput of one node, then of two
 * nodes on the same PostgreSQL, on this machine. The nodes are separate JVMs started as {@link TwoNodeClusterTest}
 * starts them ({@link ClusterNode}), here with the JVM's default options (G1, both JIT tiers) and {@code -Xmx1g};
 * PostgreSQL is the io.zonky server with fsync, synchronous commit and full-page writes on. The load generator is
 * this JVM: {@code bench.clients} clients in a closed loop over HTTP/1.1 keep-alive, each sending its requests to
 * the nodes in turn (a load balancer without stickiness). Per phase it prints links/s, p50/p99, and the CPU each
 * process used (node JVMs, PostgreSQL's processes, the load generator) in cores, which is what bounds the figure
 * when all processes share the machine's cores. Asserts nothing about speed.
 */
class TwoNodeBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARMUP = Integer.getInteger("bench.warmup-seconds", 10);
    static final List<String> NODE_JVM = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");

    @TempDir
    static Path dir;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final AtomicInteger reference = new AtomicInteger();

    @Test
    void oneNodeThenTwoOnOnePostgresql() throws Exception {
        print("scale: bench.clients=%d bench.seconds=%d bench.warmup-seconds=%d", CLIENTS, SECONDS, WARMUP);
        print("machine: %d cores; load average at start %s", Runtime.getRuntime().availableProcessors(),
                ProcessStats.load());
        Path data = dir.resolve("pgdata");
        List<Phase> phases = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start()) {
            Optional<String> serverDir = Optional.of(data.toString());
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String masterKey = MasterKey.generate().toBase64();
            String[] settings = {
                    "--m2m.rate-limits.create-links-per-minute=100000000",
                    "--m2m.rate-limits.requests-per-minute=100000000",
                    "--logging.level.com.m2m=WARN"};
            try (ClusterNode a = ClusterNode.start("node-a", dir, NODE_JVM, url, masterKey, settings)) {
                a.awaitReady(Duration.ofSeconds(180));
                String key = new Partners(new ApiClient(a.port)).sandboxPartner(Partners.uniqueId("bench"));
                saturate(List.of(a), key, WARMUP);
                phases.add(measure("1 node", List.of(a), key, serverDir));
                try (ClusterNode b = ClusterNode.start("node-b", dir, NODE_JVM, url, masterKey, settings)) {
                    b.awaitReady(Duration.ofSeconds(180));
                    saturate(List.of(a, b), key, WARMUP);
                    phases.add(measure("2 nodes", List.of(a, b), key, serverDir));
                }
            }
        }
        print("load average at the end %s", ProcessStats.load());
        print("summary (create link at saturation, %d clients, %d s; CPU in cores = CPU seconds / wall seconds):",
                CLIENTS, SECONDS);
        print("| nodes | create links/s | p50 / p99 ms | errors | CPU: node JVMs | CPU: PostgreSQL |"
                + " CPU: load generator | CPU: total |");
        print("|---|---|---|---|---|---|---|---|");
        for (Phase phase : phases) {
            print("| %s | %.0f | %.0f / %.0f | %d | %s | %.2f | %.2f | %.2f |", phase.name, phase.perSecond,
                    phase.p50, phase.p99, phase.failed, phase.nodeCores, phase.postgresCores, phase.clientCores,
                    phase.totalCores);
        }
        if (phases.size() == 2) {
            print("two nodes ÷ one node: %.2f×", phases.get(1).perSecond / phases.get(0).perSecond);
        }
    }

    record Phase(String name, double perSecond, double p50, double p99, int failed, String nodeCores,
                 double postgresCores, double clientCores, double totalCores) {
    }

    Phase measure(String name, List<ClusterNode> nodes, String key, Optional<String> serverDir) throws Exception {
        List<List<ProcessHandle>> nodeProcesses = nodes.stream()
                .map(n -> ProcessHandle.of(n.pid()).stream().toList()).toList();
        List<ProcessHandle> server = ProcessStats.serverProcesses(serverDir);
        long[] nodeCpu0 = nodeProcesses.stream().mapToLong(ProcessStats::cpuNanos).toArray();
        long serverCpu0 = ProcessStats.cpuNanos(server);
        long clientCpu0 = ProcessStats.jvmCpuNanos();
        long wall0 = System.nanoTime();
        Load load = saturate(nodes, key, SECONDS);
        double wall = System.nanoTime() - wall0;
        List<String> perNode = new ArrayList<>();
        double nodesTotal = 0;
        for (int i = 0; i < nodes.size(); i++) {
            double cores = (ProcessStats.cpuNanos(nodeProcesses.get(i)) - nodeCpu0[i]) / wall;
            nodesTotal += cores;
            perNode.add(fmt("%.2f", cores));
        }
        // PostgreSQL forks a backend per connection: list its processes again to count those started meanwhile.
        double postgresCores = (ProcessStats.cpuNanos(ProcessStats.serverProcesses(serverDir)) - serverCpu0) / wall;
        double clientCores = (ProcessStats.jvmCpuNanos() - clientCpu0) / wall;
        Phase phase = new Phase(name, load.perSecond(), load.p(50), load.p(99), load.failed(),
                String.join(" + ", perNode), postgresCores, clientCores, nodesTotal + postgresCores + clientCores);
        print("%s: %.0f links/s at saturation (%d clients, %d s), p50 %.1f / p99 %.1f ms, %d errors; CPU in cores:"
                        + " node JVMs %s, PostgreSQL %.2f, load generator %.2f, total %.2f of %d", name,
                phase.perSecond, CLIENTS, SECONDS, phase.p50, phase.p99, phase.failed, phase.nodeCores,
                postgresCores, clientCores, phase.totalCores, Runtime.getRuntime().availableProcessors());
        return phase;
    }

    /** {@code CLIENTS} clients in a closed loop for {@code seconds}, each sending to the nodes in turn. */
    Load saturate(List<ClusterNode> nodes, String key, int seconds) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        long end = started + seconds * 1_000_000_000L;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                int worker = w;
                workers.add(clients.submit(() -> {
                    int turn = worker;
                    while (System.nanoTime() < end) {
                        ClusterNode node = nodes.get(turn++ % nodes.size());
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port
                                        + "/partner/links")).timeout(Duration.ofSeconds(60))
                                .header("X-API-Key", key).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"referenceId\":\"r-"
                                        + reference.incrementAndGet() + "\"}")).build();
                        long sent = System.nanoTime();
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status == 201) {
                                latencies.add((System.nanoTime() - sent) / 1e6);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(seconds + 120L, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return Load.of(latencies, failed.get(), started);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void print(String format, Object... args) {
        System.out.println("[two-node-benchmark] " + fmt(format, args));
    }
}

package com.m2m.app;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU of one create link, steady state (not part of the test suite; {@code ./mvnw -B -o verify -pl app -am -Pbench
 * -Dbench.test=CreateLinkCpuBenchmark}). Each of {@code bench.variants} (platforms started with extra properties,
 * '|'-separated; one as shipped by default) runs on its own embedded default as {@link DataPathBenchmark} starts it,
 * is warmed up for {@code bench.warm-up-seconds} (30) of create links at saturation, then measured over
 * {@code bench.rounds} (5) windows of {@code bench.seconds} (15) s each, the variants interleaved in ABBA order:
 * process CPU of this JVM (the platform and the load generator), split by kind of thread, and of the PostgreSQL
 * server, divided by the links created. The figure is the median window, without the JIT compiler's threads: on a
 * machine other work shares, CPU per operation is what stays comparable, not throughput. With
 * {@code -Dbench.jfr=/tmp/x.jfr} the last window is also recorded with JFR's profile settings plus every exception
 * thrown, to see where that CPU goes.
 */
class CreateLinkCpuBenchmark {

    static final int WARM_UP_SECONDS = Integer.getInteger("bench.warm-up-seconds", 30);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final String JFR = System.getProperty("bench.jfr", "");
    /** Platforms to compare, '|'-separated, each a space-separated list of extra properties (empty: as shipped). */
    static final String VARIANTS = System.getProperty("bench.variants", "");

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        DataPathBenchmark.start();
    }

    @AfterAll
    static void stop() {
        DataPathBenchmark.stop();
    }

    @Test
    void cpuPerLink() throws Exception {
        List<Variant> variants = new ArrayList<>();
        try {
            String[] specs = VARIANTS.split("\\|", -1);
            for (int i = 0; i < specs.length; i++) {
                variants.add(new Variant(i, specs[i].trim(), dir.resolve("v" + i)));
            }
            for (Variant variant : variants) {
                DataPathBenchmark.print("create-link-cpu: v%d = [%s]", variant.index, variant.spec);
                variant.start();
            }
            for (Variant variant : variants) {
                DataPathBenchmark.saturate(variant.run::createLink, WARM_UP_SECONDS);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                // ABBA order: the JIT still warming up, or a neighbour's load changing, favours no variant.
                List<Variant> order = new ArrayList<>(variants);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Variant variant : order) {
                    variant.measure(round, round == ROUNDS && !JFR.isBlank()
                            ? JFR.replace(".jfr", "-v" + variant.index + ".jfr") : null);
                }
            }
            for (Variant variant : variants) {
                DataPathBenchmark.print("create-link-cpu: v%d median of %d rounds: %.2f ms JVM (without the JIT"
                        + " compiler's threads) + %.2f ms PostgreSQL per link", variant.index, ROUNDS, median(variant.jvm), median(variant.postgres));
            }
        } finally {
            for (Variant variant : variants) {
                variant.stop();
            }
        }
    }

    /** One platform, started with the variant's extra properties ({@code name=value}, space-separated). */
    static final class Variant {
        final int index;
        final String spec;
        final Path dir;
        final DataPathBenchmark.Run run;
        final List<Double> jvm = new ArrayList<>();
        final List<Double> postgres = new ArrayList<>();
        List<ProcessHandle> server;

        Variant(int index, String spec, Path dir) {
            this.index = index;
            this.spec = spec;
            this.dir = dir;
            this.run = new DataPathBenchmark.Run(BenchDatabase.embeddedDefault(), dir);
        }

        void start() throws Exception {
            run.running = run.database.start(dir);
            for (String property : spec.split("\\s+")) {
                if (!property.isBlank()) {
                    int eq = property.indexOf('=');
                    run.running.properties().put(property.substring(0, eq), property.substring(eq + 1));
                }
            }
            run.startPlatform();
            server = ProcessStats.serverProcesses(run.running.serverDir());
        }

        void measure(int round, String jfr) throws Exception {
            Recording recording = jfr != null ? record() : null;
            long statements0 = run.statements.total();
            Map<String, Long> threads0 = threadTicks();
            long cpu0 = ProcessStats.jvmCpuNanos();
            long serverCpu0 = ProcessStats.cpuNanos(server);
            Load load = DataPathBenchmark.saturate(run::createLink, DataPathBenchmark.SECONDS);
            double jvmMs = (ProcessStats.jvmCpuNanos() - cpu0) / 1e6 / load.ok();
            double serverMs = (ProcessStats.cpuNanos(server) - serverCpu0) / 1e6 / load.ok();
            double perLinkStatements = (double) (run.statements.total() - statements0) / load.ok();
            Map<String, Long> threads1 = threadTicks();
            Map<String, Double> byKind = new TreeMap<>();
            threads1.forEach((thread, ticks) -> byKind.merge(kind(thread.substring(thread.indexOf(' ') + 1)),
                    (ticks - threads0.getOrDefault(thread, 0L)) * 10.0 / load.ok(), Double::sum));
            double jit = byKind.getOrDefault("jit", 0.0);
            if (recording != null) {
                recording.dump(Path.of(jfr));
                recording.close();
            }
            jvm.add(jvmMs - jit);
            postgres.add(serverMs);
            DataPathBenchmark.print("create-link-cpu: v%d round %d: %d links, %.0f/s, p50 %.1f / p99 %.1f ms, %d"
                            + " errors; CPU per link %.2f ms JVM (incl. load generator) + %.2f ms PostgreSQL; by thread"
                            + " %s ms; %.1f SQL statements per link; load average %s", index, round, load.ok(),
                    load.perSecond(), load.p(50), load.p(99), load.failed(), jvmMs, serverMs, format(byKind),
                    perLinkStatements, ProcessStats.load());
        }

        void stop() throws Exception {
            if (run.platform != null) {
                run.platform.close();
            }
            if (run.running != null) {
                run.running.stop().close();
            }
        }
    }

    /** CPU ticks (1/100 s) of each live thread of this JVM, keyed by "tid name", from /proc (Linux). */
    static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** Coarse kind of a thread by its (15-character) native name. */
    static String kind(String name) {
        if (name.startsWith("http-nio")) {
            return "request";
        }
        if (name.contains("CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc";
        }
        if (name.startsWith("pool-") || name.startsWith("HttpClient")) {
            return "load-generator";
        }
        return "other";
    }

    static String format(Map<String, Double> byKind) {
        StringBuilder out = new StringBuilder();
        byKind.forEach((kind, ms) -> out.append(out.isEmpty() ? "" : ", ").append(kind).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", ms)));
        return out.toString();
    }

    private static Recording record() throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.JavaExceptionThrow").withStackTrace();
        recording.start();
        return recording;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

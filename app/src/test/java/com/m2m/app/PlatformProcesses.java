package com.m2m.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests that start the platform as a separate process (to kill it) need to find it. */
public final class PlatformProcesses {

    private static final Pattern DEMO_KEY = Pattern.compile("^\\s+(m2m_test_[A-Za-z0-9]{32})$", Pattern.MULTILINE);

    private PlatformProcesses() {
    }

    /** The demo partner's key that a starting platform prints to its {@code log}, waiting up to {@code bound}. */
    public static String awaitDemoKey(Path log, Duration bound) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                Matcher matcher = DEMO_KEY.matcher(Files.readString(log));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the platform did not print its demo key:\n" + Files.readString(log));
    }

    /**
     * Creates {@code count} links (reference ids {@code referencePrefix + i}) from four clients at once, as the
     * traffic a kill cuts into, and answers the ids of the links the platform acknowledged: every one, or it fails.
     */
    public static Set<String> createLinksConcurrently(ApiClient api, String key, String referencePrefix, int count)
            throws InterruptedException, ExecutionException {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String reference = referencePrefix + i;
                calls.add(clients.submit(() -> {
                    ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"" + reference + "\"}")
                            .key(key).send();
                    assertThat(created.status()).as(created.toString()).isEqualTo(201);
                    acknowledged.add(created.data().get("linkId").asText());
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            clients.shutdown();
        }
        return acknowledged;
    }

    /**
     * The README's command on the embedded default (no datasource URL: the platform starts its own PostgreSQL),
     * on {@code port} and {@code dataDirectory}, with no limit on link creation, and {@code arguments} added.
     */
    public static List<String> embeddedDefaultCommand(int port, Path dataDirectory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"),
                M2mApplication.class.getName(),
                "--server.port=" + port,
                "--m2m.embedded-postgres.data-directory=" + dataDirectory,
                "--m2m.rate-limits.create-links-per-minute=100000"));
        command.addAll(List.of(arguments));
        return command;
    }

    /** The live PostgreSQL server of {@code dataDirectory}, from its postmaster.pid (kill -9 leaves it running). */
    public static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }

    /**
     * The platform JVMs one test starts on the embedded default in its own directory (the data directory below it),
     * each with its log. Closing kills them and the PostgreSQL server a kill -9 leaves running, so a failed run
     * leaves no server behind either.
     */
    public static final class EmbeddedRuns implements AutoCloseable {

        private final Path dir;
        private final List<String> everyStart;
        private final List<Process> processes = new ArrayList<>();

        /** Runs in {@code dir}, each started with {@code everyStart} added to the README's command. */
        public EmbeddedRuns(Path dir, String... everyStart) {
            this.dir = dir;
            this.everyStart = List.of(everyStart);
        }

        /** The live PostgreSQL server of the runs' data directory. */
        public Optional<ProcessHandle> postmaster() throws IOException {
            return PlatformProcesses.postmaster(dataDirectory());
        }

        /** Starts the platform on {@code port}, its output to {@code log}, with {@code arguments} added. */
        public Process start(int port, Path log, String... arguments) throws IOException {
            List<String> command = embeddedDefaultCommand(port, dataDirectory(), everyStart.toArray(String[]::new));
            command.addAll(List.of(arguments));
            // Run in the test's directory, so nothing the platform writes relative to its working directory escapes it.
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            processes.add(process);
            return process;
        }

        @Override
        public void close() throws IOException {
            processes.forEach(Process::destroyForcibly);
            postmaster().ifPresent(ProcessHandle::destroyForcibly);
        }

        private Path dataDirectory() {
            return dir.resolve("data").resolve("pg");
        }
    }

    /**
     * Waits up to {@code bound} until the restarted {@code process} serves {@code key} again; fails with its
     * {@code log} when it ends or the bound passes first.
     */
    public static void awaitServing(ApiClient api, String key, Process process, Path log, Duration bound)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (api.get("/partner/profile").key(key).send().status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the platform did not come back:\n" + Files.readString(log));
    }

    /** A loopback port free now, for a platform process to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

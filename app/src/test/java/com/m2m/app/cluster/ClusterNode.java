package com.m2m.app.cluster;

import com.m2m.app.M2mApplication;
import com.m2m.app.PlatformTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of the platform as its own JVM process ({@link M2mApplication} on the test classpath), so that a test
 * can kill it with SIGKILL. Its output goes to a file in the test's temporary directory, shown when it fails.
 */
final class ClusterNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final int managementPort;
    private final Path log;
    private final Process process;

    private ClusterNode(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** JVM options of a node in a test: small, quick to start (C1 only), not tuned for throughput. */
    static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    static ClusterNode start(String name, Path dir, String jdbcUrl, String masterKey, String... extra) {
        return start(name, dir, TEST_JVM, jdbcUrl, masterKey, extra);
    }

    /** A node with the given JVM options (the two-node benchmark runs nodes with the JVM's defaults). */
    static ClusterNode start(String name, Path dir, List<String> jvmOptions, String jdbcUrl, String masterKey,
                             String... extra) {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"),
                M2mApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=20",
                "--m2m.privacy.master-key=" + masterKey,
                "--m2m.public-base-url=http://127.0.0.1:" + port,
                // Each node its own stable name, as docs/operations.md asks of a deployment: the survivor takes a
                // dead node's claim and leases over by the timeouts, never by a shared name.
                "--m2m.cluster.node-name=" + name,
                "--m2m.demo-partner.enabled=false",
                "--m2m.webhooks.allow-private-targets=true",
                "--m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST",
                "--m2m.rate-limits.staff-auth-failures-per-minute=10000",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extra));
        Path log = dir.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new ClusterNode(name, port, managementPort, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits (bounded) until the readiness probe answers 200, as a load balancer would before sending traffic. */
    ClusterNode awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (readinessStatus() == 200) {
                return this;
            }
            sleep(250);
        }
        throw new AssertionError(name + " not ready within " + timeout + ":\n" + tail());
    }

    int readinessStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, leases and claims left behind. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

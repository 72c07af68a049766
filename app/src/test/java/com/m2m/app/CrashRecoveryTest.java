package com.m2m.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 between commit and delivery: the platform runs as a separate JVM on the H2 file database, acknowledges a
 * link (its webhook committed to the outbox but not yet sent), and is killed with SIGKILL. Started again, it still
 * has the link and sends the webhook.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aWebhookCommittedBeforeAKillIsSentAfterTheRestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            int port = freePort();
            Path log1 = dir.resolve("first.log");
            // The first run never polls its outbox after start-up: whatever it commits is still unsent at the kill.
            Process first = start(port, log1, "--m2m.webhooks.poll-interval=1h");
            String key = awaitDemoKey(log1);
            ApiClient api = new ApiClient(port);
            assertThat(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/crash") + "\"}").key(key)
                    .send().status()).isEqualTo(200);
            ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"crash-user\"}").key(key).send();
            assertThat(created.status()).isEqualTo(201);
            String linkId = created.data().get("linkId").asText();
            Thread.sleep(500);

            first.destroyForcibly().waitFor();
            assertThat(receiver.received("/crash")).as("nothing was sent before the kill").isEmpty();

            Process second = start(port, dir.resolve("second.log"));
            awaitUp(api, key);
            WebhookReceiver.Received webhook = receiver.await("/crash", r -> r.event().equals("link.created"), 1,
                    Duration.ofSeconds(20)).get(0);
            assertThat(webhook.json().at("/data/linkId").asText()).isEqualTo(linkId);
            assertThat(api.get("/partner/links/" + linkId).key(key).send().status())
                    .as("the acknowledged link survived kill -9").isEqualTo(200);
            second.destroy();
        }
    }

    private Process start(int port, Path log, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"),
                M2mApplication.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
                "--m2m.demo-partner.enabled=true",
                "--m2m.webhooks.retry-delays=0s,200ms,200ms,200ms,200ms"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static String awaitDemoKey(Path log) throws Exception {
        Pattern key = Pattern.compile("^\\s+(m2m_test_[A-Za-z0-9]{32})$", Pattern.MULTILINE);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                Matcher matcher = key.matcher(Files.readString(log));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the platform did not print its demo key:\n" + Files.readString(log));
    }

    private static void awaitUp(ApiClient api, String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (api.get("/partner/profile").key(key).send().status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the platform did not come back");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

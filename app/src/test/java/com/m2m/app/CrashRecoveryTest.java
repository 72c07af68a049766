package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 between commit and delivery: the platform runs as a separate JVM on the embedded default (the README's
 * first command's storage: no datasource URL, its own PostgreSQL on a data directory), acknowledges a burst of links
 * (their webhooks committed to the outbox but not yet sent), and is killed with SIGKILL, which leaves its PostgreSQL
 * running; the restart stops that orphan and starts its own (EmbeddedDefaultKillTest). Started again, it still has
 * the links and sends every webhook.
 */
class CrashRecoveryTest {

    /** Well under the 30 s claim and heartbeat takeover timeouts (ClusterConfiguration, DeliveryStore). */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);
    /** Start-up only (a JVM and Spring on a shared, loaded machine can take a minute): never the recovery bound. */
    private static final Duration START_BOUND = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    /**
     * Under load: a burst of links acknowledged, their webhooks committed to the outbox, a first batch of attempts
     * in flight (the receiver holds them unanswered), then kill -9. The restarted platform sends every webhook: what
     * waited in the outbox, and what was in flight, whose leases (120 s timeout + 30 s) it would otherwise only take
     * over once the dead run's heartbeat is stale (30 s), as it would the outbox processor's claim (30 s).
     *
     * <p>On the embedded database (one node only) the node's name is the fixed "embedded" (m2m.cluster.node-name unset): the
     * restarted process is the same owner, takes the claim and its leases back at once, and the backlog is empty
     * within {@link #RECOVERY_BOUND} of the platform answering again. That bound is under the takeover timeouts, so
     * it fails if the claim or the leases are not reclaimed by name; it is a bound, not a speed figure.
     */
    @Test
    void webhooksCommittedBeforeAKillAreAllSentAfterTheRestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             PlatformProcesses.EmbeddedRuns runs = new PlatformProcesses.EmbeddedRuns(dir,
                     "--m2m.demo-partner.enabled=true", "--m2m.webhooks.retry-delays=0s,200ms,200ms,200ms,200ms")) {
            int port = PlatformProcesses.freePort();
            Path log1 = dir.resolve("first.log");
            receiver.hold("/crash");
            Process first = runs.start(port, log1, "--m2m.webhooks.timeout=120s");
            String key = PlatformProcesses.awaitDemoKey(log1, START_BOUND);
            ApiClient api = new ApiClient(port);
            assertThat(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/crash") + "\"}").key(key)
                    .send().status()).isEqualTo(200);
            int links = 120;
            Set<String> linkIds = PlatformProcesses.createLinksConcurrently(api, key, "crash-user-", links);
            String oneLink = linkIds.iterator().next();
            Thread.sleep(500); // the outbox processor turns the last events into deliveries

            first.destroyForcibly().waitFor();
            List<String> inFlightAtKill = receiver.received("/crash").stream().map(r -> r.json().get("id").asText())
                    .toList();
            assertThat(inFlightAtKill).as("attempts were in flight, unanswered, at the kill").isNotEmpty()
                    .hasSizeLessThan(2 * links);

            receiver.release("/crash");
            Path log2 = dir.resolve("second.log");
            Process second = runs.start(port, log2);
            PlatformProcesses.awaitServing(api, key, second, log2, START_BOUND);
            Instant deadline = Instant.now().plus(RECOVERY_BOUND);
            awaitUntil(deadline, () -> linkCreatedIds(receiver).containsAll(linkIds)
                    && inFlightAtKill.stream().allMatch(id -> timesReceived(receiver, id) >= 2));
            JsonNode drained = awaitDrained(api, key, deadline);
            String secondLog = Files.readString(log2);
            String dispatcherLines = secondLog.lines()
                    .filter(line -> line.contains("Webhook") || line.contains("Node name"))
                    .collect(Collectors.joining("\n"));
            Matcher tookBack = Pattern.compile("Webhook node 'embedded' took back (\\d+) deliveries")
                    .matcher(secondLog);
            assertThat(tookBack.find() ? Integer.parseInt(tookBack.group(1)) : 0)
                    .as("the restart gave back its dead run's leases by name:\n" + dispatcherLines)
                    .isGreaterThanOrEqualTo(inFlightAtKill.size());
            assertThat(drained.get("pending").asInt()).as("backlog " + RECOVERY_BOUND + " after the restart was"
                    + " answering: the restarted node reclaimed its outbox claim and leases by name\n"
                    + dispatcherLines).isZero();
            List<WebhookReceiver.Received> all = receiver.received("/crash");
            assertThat(linkCreatedIds(receiver)).as("every acknowledged link's webhook arrived within "
                    + RECOVERY_BOUND + " of the restart").isEqualTo(linkIds);
            assertThat(inFlightAtKill).as("what was in flight at the kill was sent again after the restart")
                    .allSatisfy(id -> assertThat(all.stream().filter(r -> r.json().get("id").asText().equals(id)))
                            .hasSizeGreaterThanOrEqualTo(2));
            assertThat(api.get("/partner/links/" + oneLink).key(key).send().status())
                    .as("the acknowledged links survived kill -9").isEqualTo(200);
            assertThat(Files.readString(log2)).as("restarted under the same fixed name")
                    .contains("Node name 'embedded' (stable");
            second.destroy();
        }
    }

    private static Set<String> linkCreatedIds(WebhookReceiver receiver) {
        return receiver.received("/crash").stream().filter(r -> r.event().equals("link.created"))
                .map(r -> r.json().at("/data/linkId").asText()).collect(Collectors.toSet());
    }

    private static long timesReceived(WebhookReceiver receiver, String webhookId) {
        return receiver.received("/crash").stream().filter(r -> r.json().get("id").asText().equals(webhookId))
                .count();
    }

    private static void awaitUntil(Instant deadline, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    /** The backlog (link.created and user.data_request) empties, or the deadline passes: a bound, no speed figure. */
    private static JsonNode awaitDrained(ApiClient api, String key, Instant deadline) throws InterruptedException {
        JsonNode backlog = api.get("/partner/webhooks/stats").key(key).send().data().get("backlog");
        while (backlog.get("pending").asInt() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            backlog = api.get("/partner/webhooks/stats").key(key).send().data().get("backlog");
        }
        return backlog;
    }
}

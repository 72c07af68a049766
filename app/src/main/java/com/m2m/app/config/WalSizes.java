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
 * cluster is therefore made with 1 MB segments, and a {@code max_wal_size} that bounds {@code pg_wal} near the live
 * data of a small platform while spacing checkpoints widely enough that full-page images stay a modest share of
 * the WAL (measured: docs/performance.md "Storage floor").
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
    static final int MAX_WAL_MB = 8;
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

    Map<String, String> settings() {
        return Map.of("min_wal_size", minWalMb() + "MB", "max_wal_size", maxWalMb() + "MB");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

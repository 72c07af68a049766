package com.m2m.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark support: one database configuration the data-path benchmark runs against, as the set of properties the
 * platform starts with, the directory whose size is "bytes on disk", and (for a server of its own) the server's
 * data directory, used to find its processes for RSS and CPU. The default run is {@link #embeddedDefault()} and
 * {@link #postgresql()}; {@code -Dbench.databases=h2-file} (or a comma-separated list) picks by name, the H2 file
 * being what the default was before the embedded PostgreSQL (the "before" column of docs/performance.md).
 */
interface BenchDatabase {

    String name();

    /** Starts what the configuration needs under {@code dir} (a fresh temp directory) and returns its properties. */
    Running start(Path dir) throws IOException;

    /**
     * @param properties  the platform's properties ({@code --name=value} without the dashes)
     * @param diskDir     the directory holding every file of the database
     * @param serverDir   a path in the command line of an external database server process, if any
     * @param postgres    SQL dialect for the benchmark's own seeding and size queries
     */
    record Running(Map<String, String> properties, Path diskDir, Optional<String> serverDir, boolean postgres,
                   AutoCloseable stop) {
    }

    /** Every configuration, in run order. */
    static List<BenchDatabase> all() {
        return List.of(embeddedDefault(), postgresql(), h2File());
    }

    /** What runs without {@code -Dbench.databases}. */
    static List<BenchDatabase> defaults() {
        return List.of(embeddedDefault(), postgresql());
    }

    static List<BenchDatabase> selected() {
        String wanted = System.getProperty("bench.databases", "");
        if (wanted.isBlank()) {
            return defaults();
        }
        List<String> names = List.of(wanted.split(","));
        List<BenchDatabase> chosen = all().stream().filter(db -> names.contains(db.name())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("bench.databases=" + wanted + " names none of "
                    + all().stream().map(BenchDatabase::name).toList());
        }
        return chosen;
    }

    /**
     * The embedded default exactly as the README's first command starts it: no {@code spring.datasource.url} and no
     * master key, so the platform starts its own PostgreSQL (with its own settings) and creates its key file; only
     * the data directory moves to {@code dir/data/pg} (the key file goes to its parent, {@code dir/data}). The
     * server is a child process of this JVM, found for CPU and RSS by its data directory.
     */
    static BenchDatabase embeddedDefault() {
        return new BenchDatabase() {
            public String name() {
                return "embedded-default";
            }

            public Running start(Path dir) {
                Path data = dir.resolve("data").resolve("pg").toAbsolutePath().normalize();
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("m2m.embedded-postgres.data-directory", data.toString());
                // The platform stops its server when its context closes; nothing to stop here.
                return new Running(properties, data, Optional.of(data.toString()), true, () -> { });
            }
        };
    }

    /** The H2 file database the default configuration used until now (application.yml), in a temp directory. */
    static BenchDatabase h2File() {
        return new BenchDatabase() {
            public String name() {
                return "h2-file";
            }

            public Running start(Path dir) {
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("m2m")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
                return new Running(properties, dir, Optional.empty(), false, () -> { });
            }
        };
    }

    /**
     * An external PostgreSQL (the platform reaches it through {@code spring.datasource.url}, as an operator's would):
     * a server from the io.zonky embedded binaries, started here, with its durability settings back to PostgreSQL's own defaults
     * (the library turns fsync and synchronous commit off for tests, which would flatter every figure).
     */
    static BenchDatabase postgresql() {
        return new BenchDatabase() {
            public String name() {
                return "postgresql";
            }

            public Running start(Path dir) throws IOException {
                Path data = dir.resolve("pgdata");
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(true)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .start();
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
                properties.put("spring.datasource.username", "postgres");
                properties.put("spring.datasource.password", "postgres");
                properties.put("m2m.privacy.master-key", com.m2m.domain.privacy.MasterKey.generate().toBase64());
                return new Running(properties, data, Optional.of(data.toString()), true, postgres::close);
            }
        };
    }
}

package com.m2m.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one rule for "the embedded database": the PostgreSQL server this process started itself because no
 * {@code spring.datasource.url} was set (the default, {@link EmbeddedPostgresServer} on {@code ./data/pg}), or H2
 * running inside this process, in memory or on a local file ({@code jdbc:h2:file:./data/m2m}). An H2 server
 * ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}) or any PostgreSQL URL set in configuration is a database like any
 * other: it needs a master key from configuration and gets no developer defaults. An embedded database on disk
 * also tells its data directory ({@code ./data}), where the master key file lives.
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    public static boolean isEmbedded(String datasourceUrl) {
        if (EmbeddedPostgresServer.dataDirectoryOf(datasourceUrl).isPresent()) {
            return true;
        }
        if (datasourceUrl == null || !datasourceUrl.startsWith("jdbc:h2:")) {
            return false;
        }
        String location = datasourceUrl.substring("jdbc:h2:".length());
        return !location.startsWith("tcp:") && !location.startsWith("ssl:");
    }

    /**
     * The directory of the embedded database's files and of the master key file: {@code ./data} for the embedded
     * PostgreSQL on {@code ./data/pg} and for the H2 file {@code ./data/m2m}; empty in memory and for any other
     * database.
     */
    public static Optional<Path> dataDirectory(String datasourceUrl) {
        Optional<Path> postgres = EmbeddedPostgresServer.dataDirectoryOf(datasourceUrl);
        if (postgres.isPresent()) {
            return Optional.of(postgres.get().getParent());
        }
        return filePath(datasourceUrl).map(Path::getParent);
    }

    /** The H2 database file's base path ({@code ./data/m2m}), for an H2 file database; empty otherwise. */
    public static Optional<Path> filePath(String datasourceUrl) {
        if (datasourceUrl == null || !datasourceUrl.startsWith("jdbc:h2:") || !isEmbedded(datasourceUrl)) {
            return Optional.empty();
        }
        String rest = datasourceUrl.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String location = options < 0 ? rest : rest.substring(0, options);
        if (location.startsWith("mem:")) {
            return Optional.empty();
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(Path.of(location).toAbsolutePath().normalize());
    }
}

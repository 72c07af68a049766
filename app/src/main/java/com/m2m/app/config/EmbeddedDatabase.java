package com.m2m.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one rule for "the embedded database": H2 running inside this process, in memory or on a local file (the
 * default {@code jdbc:h2:file:./data/m2m}). An H2 server ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}) is a database
 * like any other: it needs a master key from configuration and gets no developer defaults. A file database also
 * tells where its files live ({@code jdbc:h2:file:./data/m2m} → {@code ./data}).
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    public static boolean isEmbedded(String datasourceUrl) {
        if (datasourceUrl == null || !datasourceUrl.startsWith("jdbc:h2:")) {
            return false;
        }
        String location = datasourceUrl.substring("jdbc:h2:".length());
        return !location.startsWith("tcp:") && !location.startsWith("ssl:");
    }

    /** The H2 database file's base path ({@code ./data/m2m}), for a file database; empty otherwise. */
    public static Optional<Path> filePath(String datasourceUrl) {
        if (!isEmbedded(datasourceUrl)) {
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

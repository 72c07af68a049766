package com.m2m.app.privacy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded default is H2 (the decision {@code m2m.demo-partner.enabled} already makes: any {@code jdbc:h2:}
 * URL); a file database also tells where its files live ({@code jdbc:h2:file:./data/m2m} → {@code ./data}).
 */
final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    static boolean isEmbedded(String datasourceUrl) {
        return datasourceUrl != null && datasourceUrl.startsWith("jdbc:h2:");
    }

    /** The H2 database file's base path ({@code ./data/m2m}), for a file database; empty otherwise. */
    static Optional<Path> filePath(String datasourceUrl) {
        if (!isEmbedded(datasourceUrl)) {
            return Optional.empty();
        }
        String rest = datasourceUrl.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String location = options < 0 ? rest : rest.substring(0, options);
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")) {
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

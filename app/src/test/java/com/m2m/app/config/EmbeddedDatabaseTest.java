package com.m2m.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest {

    @Test
    void h2InThisProcessIsEmbeddedAnH2ServerIsNot() {
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:file:./data/m2m;MODE=PostgreSQL")).isTrue();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:mem:test")).isTrue();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:./data/m2m")).isTrue();
        // A server keeps its data across restarts of the platform: it needs a configured master key.
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:tcp://db.internal:9092/m2m")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:ssl://db.internal/m2m")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:postgresql://localhost/m2m")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded(null)).isFalse();
        assertThat(new EmbeddedDefault(null, "jdbc:h2:tcp://db.internal/m2m").demoPartnerEnabled()).isFalse();
    }

    @Test
    void aFileDatabaseNamesItsDirectory() {
        assertThat(EmbeddedDatabase.filePath("jdbc:h2:file:./data/m2m;WRITE_DELAY=0"))
                .contains(Path.of("data/m2m").toAbsolutePath().normalize());
        assertThat(EmbeddedDatabase.filePath("jdbc:h2:mem:x")).isEmpty();
        assertThat(EmbeddedDatabase.filePath("jdbc:h2:tcp://db.internal/m2m")).isEmpty();
    }
}

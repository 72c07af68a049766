package com.m2m.app.privacy;

import com.m2m.app.M2mApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written before personal data was encrypted (schema of that version, a plain-text personal value in an
 * event) is refused at start-up with the fix in the message, instead of being served half-readable.
 */
class LegacyStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aStoreWithPlainPersonalDataIsRefusedWithTheFix() {
        String url = "jdbc:h2:file:" + dataDir.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/axon").target("1.2").load()
                .migrate();
        new JdbcTemplate(dataSource).update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type,"
                        + " eventidentifier, payload, payloadtype, timestamp) VALUES (?, 1, 'User', ?, ?, ?, ?)",
                "user_acme_0123456789abcdef0123", "e-1",
                "{\"value\":{\"value\":\"Juan\"}}".getBytes(StandardCharsets.UTF_8),
                "com.m2m.domain.user.FieldMergedEvent", "2026-01-01T00:00:00Z");

        assertThatThrownBy(() -> new SpringApplicationBuilder(M2mApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--m2m.demo-partner.enabled=false").close())
                .satisfies(failure -> assertThat(H2FileForgetTest.rootMessage(failure))
                        .isEqualTo(PrivacyStoreCheck.LEGACY_STORE)
                        .contains("delete the database (the embedded default: the ./data directory)"));
    }
}

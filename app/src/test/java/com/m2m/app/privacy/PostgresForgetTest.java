package com.m2m.app.privacy;

import com.m2m.app.M2mApplication;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.testing.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forget journey on a real PostgreSQL server; the raw database is every row of every table of the schema as
 * text (byte columns decoded with {@code encode(..., 'escape')}, so that text inside them would show). With
 * PostgreSQL the master key is required: without it the platform refuses to start and names the property.
 */
class PostgresForgetTest extends ForgetContract {

    /** The server, stopped after the class (after {@link #stop()} has closed the platform that uses it). */
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("app");
    static EmbeddedPostgres postgres;
    static ConfigurableApplicationContext platform;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        postgres = DATABASES.server();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        platform = new SpringApplicationBuilder(M2mApplication.class).run(args(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--m2m.privacy.master-key=" + MasterKey.generate().toBase64()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Override
    int port() {
        return ((WebServerApplicationContext) platform).getWebServer().getPort();
    }

    @Override
    String rawDatabase() {
        List<Map<String, Object>> columns = jdbc.queryForList("SELECT table_name, column_name, data_type"
                + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position");
        Map<String, List<String>> byTable = columns.stream().collect(Collectors.groupingBy(
                column -> (String) column.get("table_name"), java.util.TreeMap::new, Collectors.mapping(column ->
                        "bytea".equals(column.get("data_type"))
                                ? "encode(\"" + column.get("column_name") + "\", 'escape')"
                                : "\"" + column.get("column_name") + "\"::text", Collectors.toList())));
        assertThat(byTable).containsKeys("domainevententry", "user_view", "user_field", "idempotency_record",
                "webhook_delivery", "user_data_key");
        StringBuilder raw = new StringBuilder();
        byTable.forEach((table, expressions) -> jdbc.query("SELECT concat_ws('|', " + String.join(", ", expressions)
                + ") FROM \"" + table + "\"", rs -> {
            raw.append(rs.getString(1)).append('\n');
        }));
        return raw.toString();
    }

    @Test
    void withoutAMasterKeyPostgresqlRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(M2mApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres").close())
                .satisfies(failure -> assertThat(H2FileForgetTest.rootMessage(failure))
                        .startsWith("m2m.privacy.master-key is required with this database"));
    }
}

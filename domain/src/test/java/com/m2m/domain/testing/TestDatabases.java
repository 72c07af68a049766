package com.m2m.domain.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.test.context.DynamicPropertyRegistry;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Each test's database with one module's migrations, on H2 ({@link TestDatabase}) or on an embedded PostgreSQL
 * server that the test class shares (started on first use, stopped after the class): PostgreSQL is what the plan
 * tests need, since only its {@code EXPLAIN} says whether a statement reads through an index. Every PostgreSQL
 * database is a fresh schema on one connection; each test's databases are closed after it. Register it as
 * {@code @RegisterExtension static final TestDatabases DATABASES = new TestDatabases("query");}.
 */
public final class TestDatabases implements AfterEachCallback, AfterAllCallback {

    private final String module;
    private final String h2Settings;
    private final List<AutoCloseable> open = new ArrayList<>();
    private EmbeddedPostgres server;

    /** Databases with the migrations of {@code module} ("query", "webhook"). */
    public TestDatabases(String module) {
        this(module, "");
    }

    /** As {@link #TestDatabases(String)}, with extra H2 URL settings (e.g. {@code ;DEFAULT_NULL_ORDERING=HIGH}). */
    public TestDatabases(String module, String h2Settings) {
        this.module = module;
        this.h2Settings = h2Settings;
    }

    /** A fresh database on {@code database}: "h2" or "postgres". */
    public DataSource on(String database) {
        return database.equals("postgres") ? postgres() : h2().dataSource();
    }

    /** {@link #on(String)} as a {@link JdbcTemplate}. */
    public JdbcTemplate jdbc(String database) {
        return new JdbcTemplate(on(database));
    }

    /** {@link #postgres()} on a connection that records what it prepares, for {@code EXPLAIN}. */
    public JdbcTemplate postgres(RecordedStatements recorded) {
        return new JdbcTemplate(recorded.wrap(postgres()));
    }

    /** A fresh H2 database (or the PostgreSQL one {@link TestDatabase} is told to use). */
    public TestDatabase h2() {
        TestDatabase h2 = TestDatabase.create(module, h2Settings);
        open.add(h2);
        return h2;
    }

    /** A fresh schema of the embedded PostgreSQL server with the migrations, on one connection. */
    public DataSource postgres() {
        String schema = module + "_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(server().getPostgresDatabase()).execute("CREATE SCHEMA " + schema);
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema, true);
        open.add(dataSource::destroy);
        new ResourceDatabasePopulator(TestDatabase.migrations(module, TestDatabase.POSTGRESQL)).execute(dataSource);
        return dataSource;
    }

    /**
     * A fresh schema of the embedded PostgreSQL server with the migrations, a new connection per
     * {@code getConnection()}: for tests that run transactions side by side, as the platform's pool does.
     */
    public DataSource postgresConnections() {
        String schema = module + "_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(server().getPostgresDatabase()).execute("CREATE SCHEMA " + schema);
        DataSource dataSource = new DriverManagerDataSource(
                server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
        new ResourceDatabasePopulator(TestDatabase.migrations(module, TestDatabase.POSTGRESQL)).execute(dataSource);
        return dataSource;
    }

    /** The test class's embedded PostgreSQL server, started on first use. */
    public EmbeddedPostgres server() {
        if (server == null) {
            server = startPostgres();
        }
        return server;
    }

    /**
     * An embedded PostgreSQL server that runs until the test JVM ends: for a Spring test context, which may be
     * cached and closed only then, after every test that uses it.
     */
    public static EmbeddedPostgres untilJvmExit() {
        EmbeddedPostgres postgres = startPostgres();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is ending anyway
            }
        }));
        return postgres;
    }

    /** Points a Spring test context's datasource at {@code postgres}. */
    public static void registerDataSource(DynamicPropertyRegistry registry, EmbeddedPostgres postgres) {
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL", e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable database : open) {
            database.close();
        }
        open.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}

package com.m2m.domain.testing;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh in-memory H2 database in PostgreSQL mode with one module's migrations
 * ({@code classpath:db/migration/<module>/*.sql}) applied in version order, as the application's Flyway applies them.
 * Shared by the query-api and webhook-projector tests through domain's test-jar (the one module below both).
 *
 * <p>To run the same tests against a real PostgreSQL, pass its URL as {@code -D<module>.test.postgres.url=jdbc:postgresql://...}
 * (e.g. {@code -Dquery.test.postgres.url=jdbc:postgresql://localhost:5432/postgres?user=postgres}) and put the
 * driver on the test classpath ({@code -Dmaven.test.additionalClasspath=<path to postgresql.jar>}): each test then
 * gets a schema of its own, dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    /** Flyway's names of the databases, as in the application's {@code db/migration/<module>-{vendor}} folders. */
    public static final String POSTGRESQL = "postgresql";
    public static final String H2 = "h2";

    private static final Pattern VERSION = Pattern.compile("V(\\d+(?:_\\d+)*)__.+\\.sql");

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Runnable closer;

    private TestDatabase(String module, String vendor, DataSource dataSource, Runnable closer) {
        new ResourceDatabasePopulator(migrations(module, vendor)).execute(dataSource);
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.closer = closer;
    }

    /** A database with the migrations of {@code module} ("query", "webhook"): H2 unless a PostgreSQL URL is given. */
    public static TestDatabase create(String module) {
        return create(module, "");
    }

    /** As {@link #create(String)}, with extra H2 URL settings (e.g. {@code ;DEFAULT_NULL_ORDERING=HIGH}). */
    public static TestDatabase create(String module, String h2Settings) {
        String name = module + "_" + UUID.randomUUID().toString().replace("-", "");
        String postgresUrl = System.getProperty(postgresUrlProperty(module));
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(postgresUrl));
            admin.execute("CREATE SCHEMA " + name);
            String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
            return new TestDatabase(module, POSTGRESQL, new DriverManagerDataSource(url),
                    () -> admin.execute("DROP SCHEMA " + name + " CASCADE"));
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" + h2Settings + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        JdbcTemplate shutdown = new JdbcTemplate(h2);
        return new TestDatabase(module, H2, h2, () -> shutdown.execute("SHUTDOWN"));
    }

    public static String postgresUrlProperty(String module) {
        return module + ".test.postgres.url";
    }

    /** The migration scripts of {@code module}, sorted by their Flyway version (V100_2 before V100_10). */
    public static Resource[] migrations(String module) {
        return sorted(scripts("classpath:db/migration/" + module + "/*.sql"));
    }

    /**
     * As {@link #migrations(String)} with those of {@code vendor} ({@link #POSTGRESQL}, {@link #H2}) only, from
     * {@code db/migration/<module>-<vendor>}, in one version order: what the application's Flyway applies there.
     */
    public static Resource[] migrations(String module, String vendor) {
        return sorted(Stream.concat(scripts("classpath:db/migration/" + module + "/*.sql"),
                scripts("classpath*:db/migration/" + module + "-" + vendor + "/*.sql")));
    }

    private static Stream<Resource> scripts(String pattern) {
        try {
            return Arrays.stream(new PathMatchingResourcePatternResolver().getResources(pattern));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Resource[] sorted(Stream<Resource> resources) {
        return resources.sorted(Comparator.comparing(TestDatabase::version, Arrays::compare)).toArray(Resource[]::new);
    }

    /** A migration's Flyway version as numbers: {@code V100_2__x.sql} is {@code [100, 2]}. */
    public static int[] version(Resource resource) {
        Matcher matcher = VERSION.matcher(resource.getFilename());
        if (!matcher.matches()) {
            throw new IllegalStateException("Not a versioned migration: " + resource.getFilename());
        }
        return Arrays.stream(matcher.group(1).split("_")).mapToInt(Integer::parseInt).toArray();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public PlatformTransactionManager transactionManager() {
        return new DataSourceTransactionManager(dataSource);
    }

    /** The tables of this database's schema. */
    public List<String> tables() {
        return jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA", String.class);
    }

    public int count(String table) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count == null ? 0 : count;
    }

    /** Every value of every table, as text: for asserting that no personal data is stored. */
    public String everything() {
        StringBuilder out = new StringBuilder();
        for (String table : tables()) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + table)) {
                out.append(table).append(' ').append(row.values()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        closer.run();
    }
}

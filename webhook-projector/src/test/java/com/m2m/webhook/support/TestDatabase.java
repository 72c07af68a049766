package com.m2m.webhook.support;

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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh in-memory H2 database in PostgreSQL mode with this module's migrations applied in version order, as
 * the application's Flyway applies them.
 *
 * <p>To run the same tests against PostgreSQL, pass {@code -Dwebhook.test.postgres.url=jdbc:postgresql://...} and
 * put the driver on the test classpath: each test then gets a schema of its own, dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String MIGRATIONS = "classpath:db/migration/webhook/*.sql";
    public static final String POSTGRES_URL_PROPERTY = "webhook.test.postgres.url";
    private static final Pattern VERSION = Pattern.compile("V(\\d+(?:_\\d+)*)__.+\\.sql");

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Runnable closer;

    private TestDatabase(DataSource dataSource, Runnable closer) {
        new ResourceDatabasePopulator(migrations()).execute(dataSource);
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.closer = closer;
    }

    public static TestDatabase create() {
        String name = "webhook_" + UUID.randomUUID().toString().replace("-", "");
        String postgresUrl = System.getProperty(POSTGRES_URL_PROPERTY);
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(postgresUrl));
            admin.execute("CREATE SCHEMA " + name);
            String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
            return new TestDatabase(new DriverManagerDataSource(url),
                    () -> admin.execute("DROP SCHEMA " + name + " CASCADE"));
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        JdbcTemplate jdbc = new JdbcTemplate(h2);
        return new TestDatabase(h2, () -> jdbc.execute("SHUTDOWN"));
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

    public int count(String table) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count == null ? 0 : count;
    }

    public static Resource[] migrations() {
        try {
            return Arrays.stream(new PathMatchingResourcePatternResolver().getResources(MIGRATIONS))
                    .sorted(Comparator.comparing(TestDatabase::version, Arrays::compare))
                    .toArray(Resource[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] version(Resource resource) {
        Matcher matcher = VERSION.matcher(resource.getFilename());
        if (!matcher.matches()) {
            throw new IllegalStateException("Not a versioned migration: " + resource.getFilename());
        }
        return Arrays.stream(matcher.group(1).split("_")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public void close() {
        closer.run();
    }
}

package com.m2m.query.common;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

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

/**
 * A fresh in-memory H2 database in PostgreSQL mode with this module's migrations applied in version order, as the
 * application's Flyway would apply them.
 *
 * <p>To run the same tests against a real PostgreSQL, pass its URL and put the driver on the test classpath, e.g.
 * {@code mvn test -pl query-api -Dquery.test.postgres.url=jdbc:postgresql://localhost:5432/postgres?user=postgres
 * -Dmaven.test.additionalClasspath=<path to postgresql.jar>}: each test then gets a schema of its own, dropped
 * afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String MIGRATIONS = "classpath:db/migration/query/*.sql";
    private static final Pattern VERSION = Pattern.compile("V(\\d+(?:_\\d+)*)__.+\\.sql");

    public static final String POSTGRES_URL_PROPERTY = "query.test.postgres.url";

    private final JdbcTemplate jdbc;
    private final Runnable closer;

    private TestDatabase(DataSource dataSource, Runnable closer) {
        new ResourceDatabasePopulator(migrations()).execute(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        this.closer = closer;
    }

    public static TestDatabase create() {
        String name = "query_" + UUID.randomUUID().toString().replace("-", "");
        String postgresUrl = System.getProperty(POSTGRES_URL_PROPERTY);
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(postgresUrl));
            admin.execute("CREATE SCHEMA " + name);
            String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
            return new TestDatabase(new DriverManagerDataSource(url),
                    () -> admin.execute("DROP SCHEMA " + name + " CASCADE"));
        }
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        JdbcTemplate h2 = new JdbcTemplate(dataSource);
        return new TestDatabase(dataSource, () -> h2.execute("SHUTDOWN"));
    }

    /** The tables of this database's schema. */
    public List<String> tables() {
        return jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA", String.class);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** The migration scripts, sorted by their Flyway version (V100_2 before V100_10). */
    public static Resource[] migrations() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(MIGRATIONS);
            return Arrays.stream(resources)
                    .sorted(Comparator.comparing(TestDatabase::version, TestDatabase::compareVersions))
                    .toArray(Resource[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] version(Resource resource) {
        Matcher matcher = VERSION.matcher(resource.getFilename());
        if (!matcher.matches()) {
            throw new IllegalStateException("Not a versioned migration: " + resource.getFilename());
        }
        return Arrays.stream(matcher.group(1).split("_")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compareVersions(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }

    /** Every value of every table of this module, as text: for asserting that no personal data is stored. */
    public String everything() {
        StringBuilder out = new StringBuilder();
        for (String table : tables()) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + table)) {
                out.append(table).append(' ').append(row.values()).append('\n');
            }
        }
        return out.toString();
    }

    public int count(String table) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count == null ? 0 : count;
    }

    @Override
    public void close() {
        closer.run();
    }
}

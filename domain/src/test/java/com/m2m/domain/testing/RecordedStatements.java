package com.m2m.domain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records every statement the code under test prepares, with its parameters, so a test can {@code EXPLAIN} exactly
 * what a list query issued (on PostgreSQL) and assert that it reads its table through an index. Shared by the
 * query-api and webhook-projector plan tests through domain's test-jar.
 */
public final class RecordedStatements {

    /** One prepared statement and its parameters by index. */
    public record Recorded(String sql, TreeMap<Integer, Object> params) {
    }

    private final List<Recorded> recorded = new ArrayList<>();

    public List<Recorded> take() {
        List<Recorded> taken = List.copyOf(recorded);
        recorded.clear();
        return taken;
    }

    /** {@code target} with every connection it hands out recording what it prepares. */
    public DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? wrap(connection) : result;
                });
    }

    private Connection wrap(Connection target) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
                        Recorded entry = new Recorded((String) args[0], new TreeMap<>());
                        recorded.add(entry);
                        return wrap(statement, entry);
                    }
                    return result;
                });
    }

    private static PreparedStatement wrap(PreparedStatement target, Recorded entry) {
        return (PreparedStatement) Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && args[0] instanceof Integer index) {
                        entry.params().put(index, method.getName().equals("setNull") ? null : args[1]);
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** PostgreSQL's plan of a recorded statement, with its parameters bound. */
    public static String explain(JdbcTemplate jdbc, Recorded statement) {
        return String.join("\n", jdbc.queryForList("EXPLAIN " + statement.sql(), String.class,
                statement.params().values().toArray()));
    }

    /**
     * Every statement of {@code statements} that reads {@code table} does so through one of its indexes (named
     * {@code table_...}), never a sequential scan; {@code noSort}: nor a sort (the index is the list's order).
     */
    public static void assertIndexed(JdbcTemplate jdbc, List<Recorded> statements, String table, String what,
                                     java.util.function.Predicate<Recorded> noSort) {
        assertThat(statements).as("statements of %s", what).anyMatch(s -> s.sql().contains(table));
        for (Recorded statement : statements) {
            if (!statement.sql().contains(table)) {
                continue;
            }
            String plan = explain(jdbc, statement);
            String description = "plan of " + statement.sql() + " for " + what + ":\n" + plan;
            assertThat(plan).as(description).doesNotContain("Seq Scan on " + table)
                    .containsPattern("(using|Bitmap Index Scan on) " + table + "_");
            if (noSort.test(statement)) {
                assertThat(plan).as(description).doesNotContain("Sort");
            }
        }
    }

    /**
     * {@code EXPLAIN (ANALYZE, FORMAT JSON)} of a recorded statement on PostgreSQL: with its parameters (the custom
     * plan), or as the generic plan a server-prepared statement gets after five executions ({@code generic}).
     */
    public static JsonNode analyze(JdbcTemplate jdbc, Recorded statement, boolean generic) throws Exception {
        String json;
        if (!generic) {
            json = jdbc.queryForObject("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql(), String.class,
                    statement.params().values().toArray());
        } else {
            StringBuilder numbered = new StringBuilder();
            int n = 0;
            for (char c : statement.sql().toCharArray()) {
                numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
            }
            List<String> literals = statement.params().values().stream()
                    .map(value -> value == null ? "NULL" : value instanceof Number ? value.toString()
                            : "'" + String.valueOf(value).replace("'", "''") + "'")
                    .toList();
            jdbc.execute("PREPARE plan_probe AS " + numbered);
            try {
                jdbc.execute("SET plan_cache_mode = force_generic_plan");
                json = jdbc.queryForObject("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE plan_probe ("
                        + String.join(", ", literals) + ")", String.class);
            } finally {
                jdbc.execute("SET plan_cache_mode = auto");
                jdbc.execute("DEALLOCATE plan_probe");
            }
        }
        return new ObjectMapper().readTree(json).get(0).get("Plan");
    }

    /**
     * Each node of {@code plan} that reads {@code table} (its scans, and the bitmap index scans under them) reads at
     * most {@code bound} rows over all its loops; one that runs to its end (under no LIMIT) is not estimated at more
     * than 10x what it read (a plan estimated far above what it reads turns parallel or sequential as data grows).
     */
    public static void assertScansBounded(JsonNode plan, String table, long bound, String what) {
        assertScansBounded(plan, table, bound, false, what);
    }

    private static void assertScansBounded(JsonNode node, String table, long bound, boolean underLimit,
                                           String what) {
        boolean readsTable = table.equals(node.path("Relation Name").asText())
                || node.path("Index Name").asText().startsWith(table + "_");
        if (readsTable) {
            double loops = node.path("Actual Loops").asDouble();
            double read = (node.path("Actual Rows").asDouble() + node.path("Rows Removed by Filter").asDouble()
                    + node.path("Rows Removed by Index Recheck").asDouble()) * loops;
            assertThat(read).as("rows read by %s on %s, at most %d: %s", node.path("Node Type").asText(),
                    node.path("Index Name").asText(table), bound, what).isLessThanOrEqualTo(bound);
            if (!underLimit) {
                assertThat(node.path("Plan Rows").asDouble()).as("estimate of %s (read %s rows per loop): %s",
                                node.path("Node Type").asText(), node.path("Actual Rows").asText(), what)
                        .isLessThanOrEqualTo(10 * node.path("Actual Rows").asDouble() + 20);
            }
        }
        boolean limited = underLimit || "Limit".equals(node.path("Node Type").asText());
        for (JsonNode child : node.path("Plans")) {
            assertScansBounded(child, table, bound, limited, what);
        }
    }
}

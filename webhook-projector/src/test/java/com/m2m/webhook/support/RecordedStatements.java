package com.m2m.webhook.support;

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

/**
 * Records every statement the code under test prepares, with its parameters, so a test can {@code EXPLAIN} exactly
 * what a list query issued (on PostgreSQL) and assert that it reads its table through an index (the same
 * helper as query-api's tests; the modules share no test code).
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
}

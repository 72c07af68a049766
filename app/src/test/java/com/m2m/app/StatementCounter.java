package com.m2m.app;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark support: counts every SQL statement the platform executes through its {@link DataSource} (a JDK proxy
 * around the pool, the connections and the statements it hands out; {@code unwrap} still reaches the driver, so
 * PostgreSQL's LISTEN keeps working). A batch counts as one statement per {@code executeBatch}. Independent of any
 * counting the main code or the test suite may carry: it exists only in the benchmark's JVM.
 */
final class StatementCounter implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

    long total() {
        return total.sum();
    }

    /** A copy of the per-statement counts, to subtract from a later one. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new HashMap<>();
        bySql.forEach((sql, count) -> copy.put(sql, count.sum()));
        return copy;
    }

    /** The {@code limit} statements executed most often since {@code before}, with their counts. */
    List<Map.Entry<String, Long>> top(Map<String, Long> before, int limit) {
        Map<String, Long> delta = new HashMap<>();
        snapshot().forEach((sql, count) -> {
            long d = count - before.getOrDefault(sql, 0L);
            if (d > 0) {
                delta.put(sql, d);
            }
        });
        return delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).toList();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
            }
        });
    }

    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args, result) ->
                result instanceof Connection connection ? wrapConnection(connection) : result);
    }

    private Connection wrapConnection(Connection connection) {
        return proxy(Connection.class, connection, (method, args, result) -> {
            if (result instanceof CallableStatement statement) {
                return wrapStatement(CallableStatement.class, statement, (String) args[0]);
            }
            if (result instanceof PreparedStatement statement) {
                return wrapStatement(PreparedStatement.class, statement, (String) args[0]);
            }
            if (result instanceof Statement statement) {
                return wrapStatement(Statement.class, statement, null);
            }
            return result;
        });
    }

    private <S extends Statement> S wrapStatement(Class<S> type, S statement, String preparedSql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = preparedSql != null ? preparedSql
                        : args != null && args.length > 0 && args[0] instanceof String s ? s : "?";
                total.increment();
                bySql.computeIfAbsent(normalise(sql), k -> new LongAdder()).increment();
            }
            return invoke(statement, method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }

    private static String normalise(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(target, method, args);
            }
            return after.apply(method, args, invoke(target, method, args));
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

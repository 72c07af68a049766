package com.m2m.app.perf;

import com.m2m.app.DataSourceWrapping;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Wraps the platform's DataSource so a test can count the SQL statements of one request. It records only between
 * {@link #start()} and {@link #stop()}, with the name of the thread that ran each statement, so the statements of
 * the HTTP request (the command, its transaction and every subscribing projection) can be told from those of the
 * tracking processors polling in the background. It also counts every execution since it was installed, in total
 * and per statement ({@link #total()}, {@link #top}), for the benchmarks; a JDBC batch counts as one execution.
 * Imported into a test context ({@code @Import}), or installed into a platform the benchmark starts itself as an
 * {@link ApplicationContextInitializer}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter implements QueryExecutionListener,
        ApplicationContextInitializer<ConfigurableApplicationContext> {

    /**
     * One execution sent to the database: the thread that ran it, its SQL and how many parameter sets it carried
     * (a JDBC batch, as the event store appends a command's events, is one execution of {@code rows} rows).
     */
    public record Statement(String thread, String sql, int rows) {

        /** SELECT, INSERT, UPDATE, DELETE, MERGE, ... with the table, e.g. {@code UPDATE user_view}. */
        public String kind() {
            String normalized = sql.trim().replaceAll("\\(", " (").replaceAll("\\s+", " ");
            String verb = normalized.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            String table = switch (verb) {
                case "INSERT", "DELETE" -> word(normalized, "INTO", "FROM");
                case "UPDATE" -> normalized.split(" ").length > 1 ? normalized.split(" ")[1] : "?";
                case "SELECT" -> word(normalized, "FROM");
                default -> "";
            };
            return (verb + " " + table).trim();
        }

        private static String word(String sql, String... after) {
            String[] words = sql.split(" ");
            for (int i = 0; i < words.length - 1; i++) {
                for (String keyword : after) {
                    if (words[i].equalsIgnoreCase(keyword)) {
                        return words[i + 1].replaceAll("[(),]", "").toLowerCase(Locale.ROOT);
                    }
                }
            }
            return "?";
        }
    }

    private final ConcurrentLinkedQueue<Statement> statements = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;
    private final LongAdder total = new LongAdder();
    /**
     * Keyed by the SQL as sent and normalised only when read: normalising (a regex over the text) on every execution
     * cost the claiming thread CPU in proportion to its statement's length, which made the benchmark's isolation
     * figure partly a measure of the counter itself.
     */
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

    @Bean
    static BeanPostProcessor countingDataSource(StatementCounter counter) {
        return DataSourceWrapping.everyDataSource(dataSource -> dataSource instanceof ProxyDataSource ? dataSource
                : ProxyDataSourceBuilder.create(dataSource).listener(counter).build());
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(countingDataSource(this));
    }

    public void start() {
        statements.clear();
        recording = true;
    }

    /** @return the statements recorded since {@link #start()} */
    public List<Statement> stop() {
        recording = false;
        return new ArrayList<>(statements);
    }

    /** The statements run by the web server's request threads (not the background processors). */
    public static List<Statement> ofRequests(List<Statement> all) {
        return all.stream().filter(statement -> statement.thread().startsWith("http-")).toList();
    }

    /** Executions per kind (a batch labelled with its rows), for a failure message that says which kind grew. */
    public static Map<String, Long> byKind(List<Statement> statements) {
        return statements.stream().collect(Collectors.groupingBy(
                statement -> statement.kind() + (statement.rows() > 1 ? " (batch of " + statement.rows() + ")" : ""),
                TreeMap::new, Collectors.counting()));
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
    }

    /** Executions since the counter was installed. */
    public long total() {
        return total.sum();
    }

    /** A copy of the per-statement counts, to subtract from a later one. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new HashMap<>();
        bySql.forEach((sql, count) -> copy.merge(normalise(sql), count.sum(), Long::sum));
        return copy;
    }

    /** The {@code limit} statements executed most often since {@code before}, with their counts. */
    public List<Map.Entry<String, Long>> top(Map<String, Long> before, int limit) {
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

    private static String normalise(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        total.increment();
        for (QueryInfo query : queryInfoList) {
            bySql.computeIfAbsent(query.getQuery(), k -> new LongAdder()).increment();
        }
        if (!recording) {
            return;
        }
        String thread = Thread.currentThread().getName();
        for (QueryInfo query : queryInfoList) {
            statements.add(new Statement(thread, query.getQuery(),
                    execInfo.isBatch() ? Math.max(1, query.getParametersList().size()) : 1));
        }
    }
}

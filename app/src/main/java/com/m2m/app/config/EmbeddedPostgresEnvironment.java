package com.m2m.app.config;

import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the embedded default database before anything reads {@code spring.datasource.url}: when that property is
 * not set (the README's first command), {@link EmbeddedPostgresServer} runs on {@code m2m.embedded-postgres.data-directory}
 * (default {@code ./data/pg}) and the datasource points at it. Setting {@code spring.datasource.url} (an external
 * PostgreSQL, or H2 in tests) leaves the embedded server off entirely. The server is stopped when the application
 * context closes, after everything that uses the datasource.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String DATA_DIRECTORY_PROPERTY = "m2m.embedded-postgres.data-directory";
    static final String DEFAULT_DATA_DIRECTORY = "./data/pg";
    static final String BEAN_NAME = "embeddedPostgresServer";

    /** Logging is not set up yet when this runs: Spring Boot replays these lines once it is. */
    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        if (StringUtils.hasText(binder.bind("spring.datasource.url", String.class).orElse(null))) {
            return;
        }
        Path directory = Path.of(binder.bind(DATA_DIRECTORY_PROPERTY, String.class).orElse(DEFAULT_DATA_DIRECTORY));
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory);
        server.stoppedOrphan().ifPresent(pid -> log.warn("Stopped the embedded PostgreSQL (pid " + pid
                + ") that a killed run left behind in " + server.dataDirectory()));
        log.info("Embedded PostgreSQL on " + server.jdbcUrl() + ", data in " + server.dataDirectory()
                + " (set spring.datasource.url for an external database)");
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", server.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
        application.addInitializers((ConfigurableApplicationContext context) -> register(context, server));
    }

    /**
     * As a disposable singleton registered before every other bean, the server is destroyed last: after the
     * connection pool and the event processors have closed.
     */
    private static void register(ConfigurableApplicationContext context, EmbeddedPostgresServer server) {
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton(BEAN_NAME, server);
        beans.registerDisposableBean(BEAN_NAME, server::close);
    }

    /** After the configuration files are read (they may set the data directory or a datasource URL). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

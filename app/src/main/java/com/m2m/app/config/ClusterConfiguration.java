package com.m2m.app.config;

import com.m2m.app.web.InMemoryRateLimitBuckets;
import com.m2m.app.web.PostgresRateLimitBuckets;
import com.m2m.app.web.RateLimitBuckets;
import com.m2m.webhook.outbox.WebhookOutboxProjector;
import com.m2m.command.common.ConcurrencyConflicts;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import com.m2m.domain.common.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What several nodes on one PostgreSQL share, and what keeps an idle node cheap (docs/operations.md "Several
 * nodes"): the partner rate-limit buckets, the command gateway's retry of concurrency conflicts, and the one
 * streaming processor, the webhook outbox.
 *
 * <p>The outbox processor has one segment on purpose (the events of one link leave in order), so exactly one node
 * holds its token claim at a time and the others stand by, trying to claim it every {@link #TOKEN_CLAIM_INTERVAL}.
 * The holder extends its claim each time it has waited {@link #EVENT_AVAILABILITY_TIMEOUT} for events without any
 * (an idle node writes the token row a few times a minute, not every second); a node that dies stops extending, and
 * once its claim is older than {@link #TOKEN_CLAIM_TIMEOUT} another node takes the segment over. New events still
 * reach the waiting processor at once: the wait ends as soon as the event store has one.
 *
 * <p>Those timeouts only apply to another owner: Axon lets a claim's own owner claim it again at once, and the
 * webhook dispatcher gives back its own name's leases at start. So a node with a stable {@link NodeName} (set per
 * node, or the embedded database's fixed one) resumes the outbox and its deliveries as soon as it is restarted.
 */
@Configuration
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    /** The webhook outbox's streaming processor (the other projections are subscribing). */
    public static final String WEBHOOK_OUTBOX = WebhookOutboxProjector.PROCESSING_GROUP;
    static final Duration EVENT_AVAILABILITY_TIMEOUT = Duration.ofSeconds(10);
    /** A claim not extended for this long is taken for a dead node's: 3 × the extension period. */
    public static final Duration TOKEN_CLAIM_TIMEOUT = Duration.ofSeconds(30);
    static final Duration TOKEN_CLAIM_INTERVAL = Duration.ofSeconds(5);
    static final int COMMAND_CONFLICT_RETRIES = 4;
    static final Duration COMMAND_CONFLICT_RETRY_INTERVAL = Duration.ofMillis(20);

    /**
     * Commands of any route that collide with another node's (or thread's) append to the same aggregate fail with a
     * concurrency conflict after their unit of work rolled back: they are sent again, a few times, never answered
     * 500 for it. Every other failure (a rule, a missing aggregate) is answered at once, as before.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-conflict-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .maxRetryCount(COMMAND_CONFLICT_RETRIES)
                        .retryInterval((int) COMMAND_CONFLICT_RETRY_INTERVAL.toMillis())
                        .nonTransientFailurePredicate(failure -> !ConcurrencyConflicts.isCause(failure))
                        .build())
                .build();
    }

    /** The owner of this node's token claims (AxonConfiguration's token store) and webhook leases. */
    @Bean
    public NodeName nodeName(ClusterProperties properties, @Value("${spring.datasource.url:}") String datasourceUrl) {
        NodeName name = properties.resolve(datasourceUrl);
        log.info("Node name '{}' ({})", name.value(), name.stable()
                ? "stable: a restart takes this node's claims and leases back at once"
                : "unique to this process: set m2m.cluster.node-name per node for immediate recovery after a restart");
        return name;
    }

    /**
     * In PostgreSQL when several nodes may share the database, so that a limit of N per minute admits N across them;
     * in memory when only this process can use it (the embedded default, an H2 file) or on H2 in memory. On one node
     * the memory is exact and a take costs no transaction of its own: on the embedded default that was two statements
     * and a commit per request, and every request of a tenant waited for the previous one's commit on the bucket's
     * row (docs/performance.md, "Webhooks"). A restart then starts every bucket full.
     */
    @Bean
    public RateLimitBuckets rateLimitBuckets(JdbcTemplate jdbc, Clock clock) {
        // The database the connections actually reach, whatever configured them.
        String[] database = jdbc.execute((ConnectionCallback<String[]>) c -> new String[]{
                c.getMetaData().getDatabaseProductName(), c.getMetaData().getURL()});
        boolean shared = database[0] != null && database[0].toLowerCase().contains("postgres")
                && !ClusterProperties.singleNode(database[1]);
        return shared ? new PostgresRateLimitBuckets(jdbc.getDataSource()) : new InMemoryRateLimitBuckets(clock);
    }

    /**
     * Registered here, not in application.yml: Axon's Spring Boot properties have no event-availability timeout.
     * Single-threaded, one segment, batches of 50.
     */
    @Bean
    public ConfigurerModule webhookOutboxProcessor() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(WEBHOOK_OUTBOX,
                org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialSegmentsCount(1)
                        .andBatchSize(50)
                        .andEventAvailabilityTimeout(EVENT_AVAILABILITY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .andTokenClaimInterval(TOKEN_CLAIM_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
    }
}

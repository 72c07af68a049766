package com.m2m.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.m2m.app.privacy.DataKeyStore;
import com.m2m.app.privacy.PersonalDataJackson;
import com.m2m.app.privacy.PersonalDataSerializer;
import com.m2m.app.privacy.WebhookSecretJackson;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.common.NodeName;
import com.m2m.domain.link.Link;
import com.m2m.domain.privacy.PersonalDataCipher;
import com.m2m.domain.link.LinkCreationHandler;
import com.m2m.domain.operation.Operation;
import com.m2m.domain.operation.OperationCreationHandler;
import com.m2m.domain.partner.Partner;
import com.m2m.domain.partner.PartnerStanding;
import com.m2m.domain.user.DataRequestAnswerHandler;
import com.m2m.domain.user.IdentityVerifier;
import com.m2m.domain.user.SandboxIdentityVerifier;
import com.m2m.domain.user.User;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.util.function.SingletonSupplier;

import javax.sql.DataSource;

/**
 * The event store, token store and serializer, declared here rather than left to auto-configuration so that
 * every choice is visible: JDBC on the application's DataSource (H2 or PostgreSQL), Jackson with a mapper of
 * Axon's own (records, java.time), and duplicate aggregate sequence numbers reported as concurrency errors.
 */
@Configuration
public class AxonConfiguration {

    /** Events of a user between two snapshots of it. */
    static final int USER_SNAPSHOT_EVENTS = 100;

    /**
     * Personal data is encrypted on its way into the event store with the data key of the event's user (see
     * {@link PersonalDataJackson}) and webhook secrets are sealed with the master key ({@link WebhookSecretJackson});
     * the key store is looked up lazily, as it needs the migrated database.
     */
    @Bean
    @Primary
    public Serializer serializer(ObjectProvider<PersonalDataCipher> cipher, MasterKey masterKey) {
        // Resolved on first use, then kept: a bean factory lookup per serialized event cost ~2 % of a create link's
        // request thread (JFR).
        SingletonSupplier<PersonalDataCipher> keyStore = SingletonSupplier.of(cipher::getObject);
        ObjectMapper mapper = axonObjectMapper()
                .registerModule(PersonalDataJackson.module(keyStore))
                .registerModule(WebhookSecretJackson.module(masterKey));
        // A user created in this transaction has no data key yet: its first encryption inserts one, unasked.
        return new PersonalDataSerializer(JacksonSerializer.builder().objectMapper(mapper).build(), userId -> {
            if (keyStore.obtain() instanceof DataKeyStore keys) {
                keys.userCreated(userId);
            }
        });
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /** Not a Spring bean on purpose: the web layer's ObjectMapper and the event format must not influence each other. */
    private static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Old events must stay readable when a later version adds members to a record.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Snapshots of the user aggregate (USER_SNAPSHOT_EVENTS): its fields, as they are.
                .addMixIn(User.class, UserSnapshotJackson.class);
    }

    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 Serializer serializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver) {
        // Loads an aggregate (its snapshot and events) in one statement; see OneReadEventStorageEngine.
        return new OneReadEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver), transactionManager);
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, NodeName nodeName) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                // Claims carry the node's name (m2m.cluster.node-name; pid@host unless stable): the same name
                // re-claims at once after a restart, others wait for the timeout (ClusterConfiguration).
                .nodeId(nodeName.value())
                .claimTimeout(ClusterConfiguration.TOKEN_CLAIM_TIMEOUT)
                .build();
    }

    /**
     * The identity verification provider, injected into the user aggregate's decision deadline. Sandbox rules are
     * the only implementation so far, in live too (see README).
     */
    @Bean
    public IdentityVerifier identityVerifier() {
        return new SandboxIdentityVerifier();
    }

    /**
     * The aggregates and the link-creation handler are registered here so that the domain module stays free of
     * Spring. Event handlers propagate their errors: a projection that cannot apply an event must fail the
     * command (subscribing) or stop and retry (streaming), never skip it silently.
     */
    /**
     * Whether a partner may act, asked of the partner aggregate by the decisions that lead to money. A Spring bean so
     * that Axon injects it into the link's and the operation's handlers like {@link #identityVerifier()}; the
     * repository is looked up at the first question, once Axon's configuration is built.
     */
    @Bean
    public PartnerStanding partnerStanding(ObjectProvider<org.axonframework.config.Configuration> axon) {
        return partnerId -> PartnerStanding.of(axon.getObject().repository(Partner.class)).isActive(partnerId);
    }

    /**
     * Axon's own handler timeouts are off ({@code axon.timeout.enabled: false} in application.yml): this watchdog
     * guards the same units of work (command bus, query bus, every event processor, deadlines) at a fraction of the
     * cost per message (see {@link UnitOfWorkWatchdog}).
     */
    @Bean(destroyMethod = "close")
    public UnitOfWorkWatchdog unitOfWorkWatchdog() {
        return UnitOfWorkWatchdog.started();
    }

    @Bean
    public ConfigurerModule unitOfWorkWatchdogModule(UnitOfWorkWatchdog watchdog) {
        return configurer -> {
            configurer.eventProcessing().registerDefaultHandlerInterceptor(
                    (c, name) -> watchdog.interceptor("EventProcessor " + name));
            // As Axon's own timeout module does: the buses exist once the configuration is built, at start.
            configurer.onStart(Integer.MIN_VALUE, () -> {
                org.axonframework.config.Configuration c = configurer.buildConfiguration();
                c.commandBus().registerHandlerInterceptor(watchdog.interceptor("CommandBus"));
                c.queryBus().registerHandlerInterceptor(watchdog.interceptor("QueryBus"));
                c.deadlineManager().registerHandlerInterceptor(watchdog.interceptor("DeadlineManager"));
            });
        };
    }

    @Bean
    public ConfigurerModule domainModule(PartnerStanding partnerStanding) {
        return configurer -> {
            // A user grows with every field event: it is snapshotted every USER_SNAPSHOT_EVENTS events, so loading
            // it reads the newest snapshot and at most that many events (docs/performance.md).
            configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(User.class)
                    .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                            USER_SNAPSHOT_EVENTS)));
            configurer.configureAggregate(Link.class);
            configurer.configureAggregate(Partner.class);
            configurer.configureAggregate(Operation.class);
            configurer.registerCommandHandler(c -> new LinkCreationHandler(c.repository(User.class),
                    c.repository(Link.class), c.deadlineManager()));
            configurer.registerCommandHandler(c -> new DataRequestAnswerHandler(c.repository(User.class),
                    linkId -> c.repository(Link.class).load(linkId).invoke(Link::isRevokedOrExpired)));
            configurer.registerCommandHandler(c -> new OperationCreationHandler(c.repository(Link.class),
                    c.repository(User.class), c.repository(Operation.class), c.deadlineManager(),
                    partnerStanding));
            configurer.eventProcessing()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                    .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance());
        };
    }
}

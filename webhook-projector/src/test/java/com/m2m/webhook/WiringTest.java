package com.m2m.webhook;

import com.m2m.webhook.support.TestWebhooks;
import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.partner.FindWebhookConfigurationQuery;
import com.m2m.domain.partner.WebhookConfiguration;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.webhook.delivery.WebhookDispatcher;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.outbox.WebhookOutboxProjector;
import com.m2m.domain.testing.TestDatabase;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The module as the application wires it: Spring component scanning, Axon annotated handlers. */
class WiringTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final TestDatabase DB = TestWebhooks.database();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @AfterEach
    void clean() {
        DB.jdbc().update("DELETE FROM webhook_delivery");
        DB.jdbc().update("DELETE FROM webhook_delivery_count");
        DB.jdbc().update("DELETE FROM webhook_endpoint");
        DB.jdbc().update("DELETE FROM webhook_link_context");
    }

    @Configuration
    @ComponentScan("com.m2m.webhook")
    static class Module {
        @Bean
        JdbcTemplate jdbcTemplate() {
            return DB.jdbc();
        }

        @Bean
        PlatformTransactionManager transactionManager() {
            return DB.transactionManager();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        /** The application provides it (it is shared with the command side). */
        @Bean
        WebhookTargetPolicy webhookTargetPolicy() {
            return new WebhookTargetPolicy(false);
        }

        @Bean
        com.m2m.domain.privacy.MasterKey masterKey() {
            return com.m2m.domain.privacy.MasterKey.generate();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Module.class)
            .withPropertyValues("m2m.public-base-url=https://m2m.example.com", "m2m.webhooks.delivery-enabled=false");

    @Test
    void theProjectionsRunAsAxonAnnotatedHandlersUnderTheirProcessingGroups() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WebhookProperties.class).retryDelays()).hasSize(5);
            assertThat(context.getBean(WebhookDispatcher.class).isRunning()).isTrue();
            WebhookEndpointProjection endpoints = context.getBean(WebhookEndpointProjection.class);
            WebhookOutboxProjector outbox = context.getBean(WebhookOutboxProjector.class);
            assertThat(WebhookEndpointProjection.class.getAnnotation(ProcessingGroup.class).value())
                    .isEqualTo("webhook-endpoints");
            assertThat(WebhookOutboxProjector.class.getAnnotation(ProcessingGroup.class).value())
                    .isEqualTo("webhook-outbox");

            AnnotationEventHandlerAdapter endpointHandlers = new AnnotationEventHandlerAdapter(endpoints);
            endpointHandlers.handle(GenericEventMessage.asEventMessage(new WebhookConfiguredEvent("acme",
                    Environment.SANDBOX, "https://acme.example.com/h", List.of(), T0)));
            endpointHandlers.handle(GenericEventMessage.asEventMessage(new WebhookSecretRotatedEvent("acme",
                    Environment.SANDBOX, WebhookSecret.generate(), null, null, T0)));

            SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
            new AnnotationQueryHandlerAdapter<>(endpoints).subscribe(queryBus);
            WebhookConfiguration configuration = queryBus.query(new GenericQueryMessage<>(
                    new FindWebhookConfigurationQuery("acme", Environment.SANDBOX),
                    ResponseTypes.instanceOf(WebhookConfiguration.class))).get().getPayload();
            assertThat(configuration.url()).isEqualTo("https://acme.example.com/h");

            AnnotationEventHandlerAdapter outboxHandlers = new AnnotationEventHandlerAdapter(outbox);
            EventMessage<?> created = GenericEventMessage.asEventMessage(new LinkCreatedEvent("link_acme_000000000001",
                    "user_acme_1", "acme", Environment.SANDBOX, "ref", "hash",
                    new LinkOptions(Map.of(), null, null, null, null), T0.plus(Duration.ofHours(1)), T0));
            outboxHandlers.handle(created);
            outboxHandlers.handle(created);
            assertThat(DB.jdbc().queryForList("SELECT webhook_id FROM webhook_delivery", String.class))
                    .containsExactly("evt_" + created.getIdentifier().replace("-", ""));
            assertThat(DB.jdbc().queryForObject("SELECT body FROM webhook_delivery", String.class))
                    .contains("\"url\":\"https://m2m.example.com/w/link_acme_000000000001/m2m-basic\"");

            // After a token reset the processor hands events over as replays: nothing new may be sent.
            EventMessage<?> replayed = new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                    new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(1)),
                    GenericEventMessage.asEventMessage(new LinkCreatedEvent("link_acme_000000000002", "user_acme_1",
                            "acme", Environment.SANDBOX, "ref", "hash", new LinkOptions(Map.of(), null, null, null, null),
                            T0.plus(Duration.ofHours(1)), T0)));
            outboxHandlers.handle(replayed);
            assertThat(DB.count("webhook_delivery")).isEqualTo(1);
            assertThat(DB.count("webhook_link_context")).isEqualTo(2);
        });
    }

    @Test
    void theDispatcherStopsWithTheContext() {
        runner.withPropertyValues("m2m.webhooks.delivery-enabled=true", "m2m.webhooks.poll-interval=10ms")
                .run(context -> {
                    WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
                    assertThat(dispatcher.isRunning()).isTrue();
                    context.close();
                    assertThat(dispatcher.isRunning()).isFalse();
                });
    }
}

package com.m2m.webhook.support;

import com.m2m.webhook.common.Db;
import com.m2m.domain.testing.TestDatabase;
import com.m2m.domain.common.Environment;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import com.m2m.webhook.common.PublicUrls;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.webhook.delivery.DeliveryAttempter;
import com.m2m.webhook.delivery.DeliveryQueries;
import com.m2m.webhook.delivery.DeliveryStore;
import com.m2m.webhook.delivery.DeliveryWakeUps;
import com.m2m.webhook.delivery.RetryPolicy;
import com.m2m.webhook.delivery.TargetGuard;
import com.m2m.webhook.delivery.WebhookDispatcher;
import com.m2m.webhook.delivery.WebhookSender;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.outbox.CipWebhookMapper;
import com.m2m.webhook.outbox.DataRequestWebhookMapper;
import com.m2m.webhook.outbox.LinkWebhookMapper;
import com.m2m.webhook.outbox.OperationWebhookMapper;
import com.m2m.webhook.outbox.Outbox;
import com.m2m.webhook.outbox.OutboxContexts;
import com.m2m.webhook.outbox.WebhookOutboxProjector;
import com.m2m.webhook.sandbox.SampleWebhooks;
import com.m2m.webhook.sandbox.SandboxWebhookService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The module's objects wired by hand over a fresh database, as Spring wires them in the application. */
public final class TestWebhooks implements AutoCloseable {

    public static final String BASE_URL = "https://m2m.example.com";
    public static final List<Duration> FAST = List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(100), Duration.ofMillis(100));

    public final TestDatabase db = database();
    public final Clock clock;

    /** A fresh database with this module's migrations; NULLs sort last, as in PostgreSQL. */
    public static TestDatabase database() {
        return TestDatabase.create("webhook", ";DEFAULT_NULL_ORDERING=HIGH");
    }
    public final WebhookProperties properties;
    public final PublicUrls urls = new PublicUrls(BASE_URL + "/");
    public final WebhookEndpointProjection endpoints = new WebhookEndpointProjection(db.jdbc(), com.m2m.domain.privacy.MasterKey.generate());
    public final RetryPolicy retryPolicy;
    public final DeliveryStore store = new DeliveryStore(db.jdbc(), db.transactionManager());
    public final WebhookSender sender;
    public final DeliveryAttempter attempter;
    public final OutboxContexts contexts = new OutboxContexts(db.jdbc());
    public final LinkWebhookMapper links = new LinkWebhookMapper(urls);
    public final DataRequestWebhookMapper dataRequests = new DataRequestWebhookMapper(urls);
    public final CipWebhookMapper cip = new CipWebhookMapper();
    public final OperationWebhookMapper operations = new OperationWebhookMapper();
    public final SampleWebhooks samples = new SampleWebhooks(links, dataRequests, cip, operations);
    public final DeliveryWakeUps wakeUps;
    public final Outbox outbox;
    public final WebhookOutboxProjector projector;
    public final DeliveryQueries queries;
    public final WebhookDispatcher dispatcher;
    public final SandboxWebhookService sandbox;

    public final WebhookTargetPolicy targetPolicy;

    /** Sandbox may use the loopback receivers of the tests, as on a developer's machine. */
    public TestWebhooks(Clock clock, WebhookProperties properties) {
        this(clock, properties, new WebhookTargetPolicy(true));
    }

    public TestWebhooks(Clock clock, WebhookProperties properties, WebhookTargetPolicy targetPolicy) {
        this.clock = clock;
        this.properties = properties;
        this.targetPolicy = targetPolicy;
        this.retryPolicy = new RetryPolicy(properties.retryDelays());
        this.sender = new WebhookSender(properties.timeout(), targetPolicy);
        this.attempter = new DeliveryAttempter(endpoints, store, sender, new TargetGuard(targetPolicy), retryPolicy,
                clock);
        this.wakeUps = new DeliveryWakeUps(db.jdbc(), properties);
        this.outbox = new Outbox(endpoints, store, retryPolicy, clock, wakeUps);
        this.projector = new WebhookOutboxProjector(contexts, links, dataRequests, cip, operations, outbox);
        this.queries = new DeliveryQueries(db.jdbc(), store, endpoints, clock);
        this.dispatcher = new WebhookDispatcher(store, attempter, properties, clock, wakeUps);
        this.sandbox = new SandboxWebhookService(endpoints, samples, store, attempter,
                properties, clock);
    }

    /** Fast schedule, 2 s timeout, 20 ms polls, real time. */
    public static TestWebhooks fast() {
        return fast(FAST, Duration.ofSeconds(2));
    }

    /** As {@link #fast()} (20 ms polls, real time) with these retry delays and this timeout. */
    public static TestWebhooks fast(List<Duration> retryDelays, Duration timeout) {
        return new TestWebhooks(Clock.systemUTC(), new WebhookProperties(retryDelays, timeout, Duration.ofMillis(20),
                true, 16, 2));
    }

    public static TestWebhooks at(Clock clock) {
        return new TestWebhooks(clock, new WebhookProperties(FAST, Duration.ofSeconds(2), Duration.ofMillis(20), true,
                16, 2));
    }

    /** As {@code PUT /partner/webhooks/config} does for an environment's first configuration. */
    public String configure(String partnerId, Environment environment, String url, String... events) {
        Instant now = clock.instant();
        endpoints.on(new WebhookConfiguredEvent(partnerId, environment, url, List.of(events), now));
        if (endpoints.find(partnerId, environment).orElseThrow().secret() == null) {
            WebhookSecret secret = WebhookSecret.generate();
            endpoints.on(new WebhookSecretRotatedEvent(partnerId, environment, secret, null, null, now));
        }
        return endpoints.find(partnerId, environment).orElseThrow().secret();
    }

    public String status(String deliveryId) {
        return db.jdbc().queryForObject("SELECT status FROM webhook_delivery WHERE delivery_id = ?", String.class,
                deliveryId);
    }

    public Instant nextAttemptAt(String deliveryId) {
        return db.jdbc().queryForObject("SELECT next_attempt_at FROM webhook_delivery WHERE delivery_id = ?",
                (rs, row) -> Db.instant(rs, "next_attempt_at"), deliveryId);
    }

    public List<String> deliveryIds() {
        return db.jdbc().queryForList("SELECT delivery_id FROM webhook_delivery ORDER BY seq", String.class);
    }

    @Override
    public void close() {
        dispatcher.stop();
        sender.close();
        db.close();
    }
}

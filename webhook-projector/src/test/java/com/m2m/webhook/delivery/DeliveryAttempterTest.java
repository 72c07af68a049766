package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.domain.testing.LoopbackReceiver;
import com.m2m.webhook.support.TestWebhooks;
import org.axonframework.eventhandling.ReplayStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** One attempt, cut short: what a shutdown interrupting a worker leaves behind. */
class DeliveryAttempterTest {

    private final LoopbackReceiver receiver = new LoopbackReceiver();
    private final TestWebhooks webhooks = new TestWebhooks(Clock.systemUTC(), new WebhookProperties(
            TestWebhooks.FAST, Duration.ofSeconds(10), Duration.ofMillis(20), true, 16, 2));

    @AfterEach
    void close() {
        receiver.close();
        webhooks.close();
    }

    /** Even the last attempt of the budget: an interrupted one must not fail the delivery for good. */
    @Test
    void anInterruptedAttemptIsNeitherRecordedNorCounted() throws Exception {
        receiver.delay("/slow", Duration.ofSeconds(5));
        webhooks.configure("acme", Environment.SANDBOX, receiver.url("/slow"));
        Instant now = Instant.now();
        webhooks.projector.on(new LinkCreatedEvent("link_acme_000000000001", "user_acme_1", "acme",
                Environment.SANDBOX, "ref", "hash", new LinkOptions(Map.of(), null, null, null, null),
                now.plusSeconds(3600), now), UUID.randomUUID().toString(), ReplayStatus.REGULAR);
        String id = webhooks.deliveryIds().get(0);
        webhooks.db.jdbc().update("UPDATE webhook_delivery SET attempts = 4 WHERE delivery_id = ?", id);
        ClaimedDelivery fifth = webhooks.store.claim(id, "node-1", Instant.now().plusSeconds(60), Instant.now())
                .orElseThrow();
        assertThat(fifth.attemptInBudget()).isEqualTo(5);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                webhooks.attempter.attempt(fifth);
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        receiver.await("/slow", 1, Duration.ofSeconds(5));
        worker.interrupt();
        worker.join(5000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(AttemptInterruptedException.class);
        assertThat(stillInterrupted).as("the interrupt is kept for the worker's pool").isTrue();
        Map<String, Object> row = webhooks.db.jdbc().queryForMap("SELECT * FROM webhook_delivery");
        assertThat(row.get("status")).isEqualTo("pending");
        assertThat(row.get("attempts")).isEqualTo(4);
        assertThat(row.get("last_error")).isNull();
        assertThat(row.get("lease_owner")).isNull();
        assertThat(row.get("lease_until")).isNull();
        assertThat(webhooks.db.count("webhook_delivery_attempt")).isZero();
        ClaimedDelivery again = webhooks.store.claim(id, "node-2", Instant.now().plusSeconds(60), Instant.now())
                .orElseThrow();
        assertThat(again.attemptNumber()).as("the same attempt, made again").isEqualTo(5);
    }
}

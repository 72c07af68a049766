package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.common.TransactionScoped;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.delivery.DeliveryStore;
import com.m2m.webhook.delivery.DeliveryWakeUps;
import com.m2m.webhook.delivery.NewDelivery;
import com.m2m.webhook.delivery.RetryPolicy;
import com.m2m.webhook.delivery.TargetKey;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.endpoint.WebhookTarget;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a webhook is sent at all and, if so, puts it in the outbox. It is sent only when there is a
 * target now (the link's callbackUrl, or the environment's URL) and the environment subscribes to its type (no
 * subscription = every type). Otherwise nothing is written: "No URL configured: nothing is sent" (docs/webhooks.md).
 * A delivery written wakes the dispatchers once the writer's transaction has committed ({@link DeliveryWakeUps}).
 *
 * <p>In a transaction (the outbox processor's batch) the deliveries are written together just before its commit,
 * in the order they were put in, as one JDBC batch ({@link DeliveryStore#insertAllIfAbsent}); per batch, once per
 * partner environment, the target's row is read and the totals are written. Without a transaction, each at once.
 */
@Component
public record Outbox(WebhookEndpointProjection endpoints, DeliveryStore store, RetryPolicy retryPolicy, Clock clock,
                     DeliveryWakeUps wakeUps) {

    /** Under which a transaction keeps the deliveries it has put in, until just before its commit. */
    private static final Object BATCH = new Object();

    /**
     * Puts the webhook in the outbox, unless it has no target or its type is not subscribed to; one already there
     * (a redelivered event) is not written again.
     */
    public void enqueue(OutgoingWebhook webhook) {
        Optional<WebhookTarget> target = target(webhook.partnerId(), webhook.environment());
        boolean hasTarget = webhook.callbackUrl() != null || target.map(WebhookTarget::url).isPresent();
        boolean subscribed = target.map(t -> t.subscribes(webhook.event())).orElse(true);
        if (!hasTarget || !subscribed) {
            return;
        }
        Instant now = clock.instant();
        NewDelivery delivery = new NewDelivery(WebhookIds.newDeliveryId(), webhook.webhookId(),
                webhook.partnerId(), webhook.environment(), webhook.event(), webhook.orderingKey(),
                webhook.callbackUrl(), webhook.body(), now, now.plus(retryPolicy.firstDelay()), webhook.linkId(),
                webhook.referenceId());
        Optional<List<NewDelivery>> batch = TransactionScoped.bound(BATCH, ArrayList::new, store::insertAllIfAbsent);
        if (batch.isPresent()) {
            batch.get().add(delivery);
            // Wakes the dispatchers after the commit; in the rare batch whose every delivery was a duplicate, for
            // nothing: a claim that finds nothing new.
            wakeUps.deliveryWritten();
        } else if (store.insertIfAbsent(delivery)) {
            wakeUps.deliveryWritten();
        }
    }

    /**
     * The partner environment's target, read once per transaction: the outbox processor's batch asks the table once
     * per partner environment, not once per event. A configuration committed while a batch runs applies from the next
     * batch (milliseconds later), as it would to a batch that had started a moment later.
     */
    private Optional<WebhookTarget> target(String partnerId, Environment environment) {
        TargetKey key = new TargetKey(partnerId, environment);
        return TransactionScoped.bound(this, () -> new HashMap<TargetKey, Optional<WebhookTarget>>(), null)
                .map(targets -> targets.computeIfAbsent(key, k -> endpoints.target(partnerId, environment)))
                .orElseGet(() -> endpoints.target(partnerId, environment));
    }
}

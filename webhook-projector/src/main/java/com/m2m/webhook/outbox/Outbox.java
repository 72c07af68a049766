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
import java.util.HashMap;
import java.util.Optional;

/**
 * Decides whether a webhook is sent at all and, if so, puts it in the outbox. It is sent only when there is a
 * target now (the link's callbackUrl, or the environment's URL) and the environment subscribes to its type (no
 * subscription = every type). Otherwise nothing is written: "No URL configured: nothing is sent" (docs/webhooks.md).
 * A delivery written wakes the dispatchers once the writer's transaction has committed ({@link DeliveryWakeUps}).
 * Statements per webhook written: the insert; per batch of the outbox processor, once per partner environment, the
 * target's row and the totals ({@link DeliveryStore#insertIfAbsent}).
 */
@Component
public record Outbox(WebhookEndpointProjection endpoints, DeliveryStore store, RetryPolicy retryPolicy, Clock clock,
                     DeliveryWakeUps wakeUps) {

    /** @return true when a delivery was written (false: no target, not subscribed, or already in the outbox) */
    public boolean enqueue(OutgoingWebhook webhook) {
        Optional<WebhookTarget> target = target(webhook.partnerId(), webhook.environment());
        boolean hasTarget = webhook.callbackUrl() != null || target.map(WebhookTarget::url).isPresent();
        boolean subscribed = target.map(t -> t.subscribes(webhook.event())).orElse(true);
        if (!hasTarget || !subscribed) {
            return false;
        }
        Instant now = clock.instant();
        boolean written = store.insertIfAbsent(new NewDelivery(WebhookIds.newDeliveryId(), webhook.webhookId(),
                webhook.partnerId(), webhook.environment(), webhook.event(), webhook.orderingKey(),
                webhook.callbackUrl(), webhook.body(), now, now.plus(retryPolicy.firstDelay()), webhook.linkId(),
                webhook.referenceId()));
        if (written) {
            wakeUps.deliveryWritten();
        }
        return written;
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

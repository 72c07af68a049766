package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/**
 * A webhook entering the outbox. {@code body} is final: every attempt sends exactly these bytes. {@code linkId} and
 * {@code referenceId} (null when the event has none) make the delivery log searchable.
 */
public record NewDelivery(String deliveryId, String webhookId, String partnerId, Environment environment,
                          String eventType, String orderingKey, String callbackUrl, String body, Instant createdAt,
                          Instant nextAttemptAt, String linkId, String referenceId) {

    /** A delivery not tied to a link nor a user (tests, tools). */
    public NewDelivery(String deliveryId, String webhookId, String partnerId, Environment environment,
                       String eventType, String orderingKey, String callbackUrl, String body, Instant createdAt,
                       Instant nextAttemptAt) {
        this(deliveryId, webhookId, partnerId, environment, eventType, orderingKey, callbackUrl, body, createdAt,
                nextAttemptAt, null, null);
    }

    @Override
    public String toString() {
        // The body names the partner's user (referenceId): keep it out of logs.
        return "NewDelivery[" + deliveryId + ", " + eventType + "]";
    }
}

package com.m2m.webhook.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A delivery as the partner sees it. {@code webhookId} (beyond) is the body's {@code id} and
 * {@code X-M2M-Webhook-Id}, so a partner can match what it received; {@code target} is where the next (or last)
 * attempt goes: the link's callbackUrl, else the environment's current URL. {@code linkId} and {@code referenceId}
 * are null when the event has none. {@code payload} is the exact body every attempt sends and signs (a JSON string,
 * byte for byte the request body); never the secret.
 */
public record DeliveryView(String deliveryId, String webhookId, String event, String status, String linkId,
                           String referenceId, Instant createdAt, Instant deliveredAt, List<Attempt> attempts,
                           Instant nextAttemptAt, String target, String payload) {

    public DeliveryView {
        attempts = List.copyOf(attempts);
    }

    /** One attempt: {@code httpStatus} or {@code error}, and how long it took. */
    public record Attempt(int attempt, Instant at, Integer httpStatus, String error, long durationMs) {
    }
}

package com.m2m.webhook.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A delivery as the partner sees it. {@code webhookId} (beyond) is the body's {@code id} and
 * {@code X-M2M-Webhook-Id}, so a partner can match what it received; {@code target} is where the next (or last)
 * attempt goes: the link's callbackUrl, else the environment's current URL. Never the body or the secret.
 */
public record DeliveryView(String deliveryId, String webhookId, String event, String status, Instant createdAt,
                           Instant deliveredAt, List<Attempt> attempts, Instant nextAttemptAt, String target) {

    public DeliveryView {
        attempts = List.copyOf(attempts);
    }

    /** One attempt: {@code httpStatus} or {@code error}, and how long it took. */
    public record Attempt(int attempt, Instant at, Integer httpStatus, String error, long durationMs) {
    }
}

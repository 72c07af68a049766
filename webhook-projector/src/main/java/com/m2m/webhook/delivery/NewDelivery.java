package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/** A webhook entering the outbox. {@code body} is final: every attempt sends exactly these bytes. */
public record NewDelivery(String deliveryId, String webhookId, String partnerId, Environment environment,
                          String eventType, String orderingKey, String callbackUrl, String body, Instant createdAt,
                          Instant nextAttemptAt) {
}

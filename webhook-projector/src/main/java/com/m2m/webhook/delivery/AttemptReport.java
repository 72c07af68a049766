package com.m2m.webhook.delivery;

/** The result of one attempt: what the receiver answered and what the delivery became. */
public record AttemptReport(String deliveryId, int attempt, AttemptOutcome outcome, DeliveryStatus status) {
}

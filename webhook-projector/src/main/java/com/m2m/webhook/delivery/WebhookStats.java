package com.m2m.webhook.delivery;

/** {@code GET /partner/webhooks/stats}: what is waiting to be delivered to this partner environment. */
public record WebhookStats(Backlog backlog) {
}

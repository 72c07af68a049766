package com.m2m.webhook.common;

import com.m2m.domain.common.Identifiers;

/** Identifiers of webhooks ({@code evt_...}, the body's {@code id}) and of deliveries ({@code whd_...}). */
public final class WebhookIds {

    private WebhookIds() {
    }

    /**
     * The webhook id of a domain event: derived from the event message's identifier, so the same event always
     * yields the same id (stable across retries, replays and a replay of the outbox processor).
     */
    public static String forEvent(String eventMessageIdentifier) {
        return "evt_" + eventMessageIdentifier.replace("-", "");
    }

    /** A webhook id for something that is not a domain event (the sandbox test sample). */
    public static String newWebhookId() {
        return "evt_" + Identifiers.randomHex(16);
    }

    public static String newDeliveryId() {
        return "whd_" + Identifiers.randomHex(12);
    }
}

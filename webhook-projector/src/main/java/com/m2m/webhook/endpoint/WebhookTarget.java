package com.m2m.webhook.endpoint;

import java.util.List;

/**
 * Where a partner environment's webhooks go and which types it wants: what the outbox needs to decide whether a
 * webhook is sent, without the signing secrets (which only the attempt needs, and which must be unsealed to use).
 * {@code url} may be null; {@code events} empty means every event.
 */
public record WebhookTarget(String url, List<String> events) {

    public WebhookTarget {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean subscribes(String eventType) {
        return events.isEmpty() || events.contains(eventType);
    }
}

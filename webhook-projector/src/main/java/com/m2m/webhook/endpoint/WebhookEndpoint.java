package com.m2m.webhook.endpoint;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.signing.SigningKeys;

import java.time.Instant;
import java.util.List;

/**
 * One partner environment's webhook settings as the directory holds them. {@code url} may be null (a secret was
 * issued but no URL configured); {@code events} empty means every event.
 */
public record WebhookEndpoint(String partnerId, Environment environment, String url, List<String> events,
                              String secret, String previousSecret, Instant previousValidUntil, Instant updatedAt) {

    public WebhookEndpoint {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean subscribes(String eventType) {
        return target().subscribes(eventType);
    }

    public WebhookTarget target() {
        return new WebhookTarget(url, events);
    }

    public SigningKeys signingKeys() {
        return new SigningKeys(secret, previousSecret, previousValidUntil);
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[" + partnerId + "/" + environment + ", url=" + url + ", events=" + events + "]";
    }
}

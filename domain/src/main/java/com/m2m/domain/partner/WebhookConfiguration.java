package com.m2m.domain.partner;

import java.time.Instant;
import java.util.List;

/** What {@code FindWebhookConfigurationQuery} answers; {@code url} is null while none is configured. */
public record WebhookConfiguration(String url, String secretPrefix, List<String> events, Instant updatedAt) {

    public boolean hasTarget() {
        return url != null;
    }
}

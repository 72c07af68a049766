package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What the outbox remembers of a link from its creation: later events of the link need it for their payloads. */
public record LinkContext(String linkId, String partnerId, Environment environment, String referenceId,
                          String userId, String flow, Map<String, String> metadata, String callbackUrl) {

    public LinkContext {
        // Unmodifiable: the outbox keeps recent contexts in memory and hands the same instance to every later event.
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }
}

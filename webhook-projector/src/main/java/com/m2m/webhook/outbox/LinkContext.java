package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;

import java.util.Map;

/** What the outbox remembers of a link from its creation: later events of the link need it for their payloads. */
public record LinkContext(String linkId, String partnerId, Environment environment, String referenceId,
                          String userId, String flow, Map<String, String> metadata, String callbackUrl) {

    public LinkContext {
        metadata = metadata == null ? Map.of() : metadata;
    }
}

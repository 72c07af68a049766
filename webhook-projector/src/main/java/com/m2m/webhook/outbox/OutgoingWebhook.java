package com.m2m.webhook.outbox;

import com.m2m.domain.common.Timestamps;
import com.m2m.domain.common.Environment;
import com.m2m.webhook.common.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook a domain event turned into, before it enters the outbox: who gets it, in which order, and what it says.
 *
 * @param webhookId   the body's {@code id} ({@code evt_...})
 * @param orderingKey the link id when the event has one, else the user id: webhooks with the same key are sent in
 *                    the order they were written
 * @param callbackUrl the link's callbackUrl, overriding the environment's URL; null if none
 * @param data        the {@code data} member, instants already formatted, insertion-ordered
 */
public record OutgoingWebhook(String webhookId, String event, Instant timestamp, Map<String, Object> data,
                              String partnerId, Environment environment, String orderingKey, String callbackUrl) {

    /** The exact JSON sent: {@code {"id","event","timestamp","data"}}, nulls kept, no trailing newline. */
    public String body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhookId);
        body.put("event", event);
        body.put("timestamp", Timestamps.wire(timestamp));
        body.put("data", data);
        return Json.write(body);
    }

    /** The link the event is about, if any (the {@code data.linkId} member). */
    public String linkId() {
        return data.get("linkId") instanceof String linkId ? linkId : null;
    }

    /** The partner's name for the user, if the event carries it ({@code data.referenceId}). */
    public String referenceId() {
        return data.get("referenceId") instanceof String referenceId ? referenceId : null;
    }

    @Override
    public String toString() {
        return "OutgoingWebhook[" + webhookId + ", " + event + ", " + partnerId + "/" + environment + "]";
    }
}

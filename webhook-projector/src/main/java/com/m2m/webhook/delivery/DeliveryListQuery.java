package com.m2m.webhook.delivery;

import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;

/**
 * Filters of {@code GET /partner/webhooks/deliveries}; nulls mean "any". {@code from}/{@code to} bound the moment
 * the delivery entered the outbox ({@code createdAt}), as every list's {@code from}/{@code to} do.
 */
public record DeliveryListQuery(String status, String event, String linkId, String referenceId, Instant from,
                                TimeBound to, PageRequest page) {

    public DeliveryListQuery(String status, String event, PageRequest page) {
        this(status, event, null, null, null, null, page);
    }

    /** @throws com.m2m.domain.common.ValidationException naming the offending parameter */
    public static DeliveryListQuery parse(String status, String event, String page, String limit) {
        return parse(status, event, null, null, null, null, page, limit);
    }

    /** @throws com.m2m.domain.common.ValidationException naming the offending parameter */
    public static DeliveryListQuery parse(String status, String event, String linkId, String referenceId,
                                          String from, String to, String page, String limit) {
        Instant fromInstant = QueryParams.from(from, "from").orElse(null);
        TimeBound toBound = QueryParams.to(to, "to").orElse(null);
        QueryParams.checkRange(fromInstant, toBound);
        return new DeliveryListQuery(
                QueryParams.oneOf(status, "status", DeliveryStatus.WIRE_NAMES).orElse(null),
                QueryParams.oneOf(event, "event", WebhookEventTypes.ALL).orElse(null),
                QueryParams.identifier(linkId, "linkId"),
                QueryParams.identifier(referenceId, "referenceId"),
                fromInstant, toBound, PageRequest.parse(page, limit));
    }
}

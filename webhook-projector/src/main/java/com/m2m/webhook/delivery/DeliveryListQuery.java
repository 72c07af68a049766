package com.m2m.webhook.delivery;

import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.PageRequest;
import com.m2m.webhook.common.QueryParams;

/** Filters of {@code GET /partner/webhooks/deliveries}; nulls mean "any". */
public record DeliveryListQuery(String status, String event, PageRequest page) {

    /** @throws com.m2m.domain.common.ValidationException naming the offending parameter */
    public static DeliveryListQuery parse(String status, String event, String page, String limit) {
        return new DeliveryListQuery(
                QueryParams.oneOf(status, "status", DeliveryStatus.WIRE_NAMES).orElse(null),
                QueryParams.oneOf(event, "event", WebhookEventTypes.ALL).orElse(null),
                PageRequest.parse(page, limit));
    }
}

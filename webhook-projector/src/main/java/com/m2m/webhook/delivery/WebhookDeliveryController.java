package com.m2m.webhook.delivery;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partner's webhook deliveries: list (searchable), detail, replay, and the backlog. Parameters arrive as strings and are validated here. */
@RestController
public record WebhookDeliveryController(DeliveryQueries deliveries) {

    @GetMapping("/partner/webhooks/deliveries")
    public Page<DeliveryView> list(Tenant tenant, ListParameters parameters) {
        return deliveries.list(tenant, parameters.parse());
    }

    @GetMapping("/partner/webhooks/deliveries/{deliveryId}")
    public DeliveryView get(Tenant tenant, @PathVariable("deliveryId") String deliveryId) {
        return deliveries.get(tenant, deliveryId);
    }

    /** 200, not 201: nothing new is created, the same delivery goes out again. */
    @PostMapping("/partner/webhooks/deliveries/{deliveryId}/replay")
    public DeliveryView replay(Tenant tenant, @PathVariable("deliveryId") String deliveryId) {
        return deliveries.replay(tenant, deliveryId);
    }

    /** The list's query parameters as sent, bound by name (all optional). */
    public record ListParameters(String status, String event, String linkId, String referenceId, String from,
                                 String to, String page, String limit) {
        DeliveryListQuery parse() {
            return DeliveryListQuery.parse(status, event, linkId, referenceId, from, to, page, limit);
        }
    }
}

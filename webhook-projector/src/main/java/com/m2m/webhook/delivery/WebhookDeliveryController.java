package com.m2m.webhook.delivery;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The partner's webhook deliveries: list (searchable), detail, replay, and the backlog. Parameters arrive as strings and are validated here. */
@RestController
public record WebhookDeliveryController(DeliveryQueries deliveries) {

    @GetMapping("/partner/webhooks/deliveries")
    public Page<DeliveryView> list(Tenant tenant,
                                   @RequestParam(name = "status", required = false) String status,
                                   @RequestParam(name = "event", required = false) String event,
                                   @RequestParam(name = "linkId", required = false) String linkId,
                                   @RequestParam(name = "referenceId", required = false) String referenceId,
                                   @RequestParam(name = "from", required = false) String from,
                                   @RequestParam(name = "to", required = false) String to,
                                   @RequestParam(name = "page", required = false) String page,
                                   @RequestParam(name = "limit", required = false) String limit) {
        return deliveries.list(tenant, DeliveryListQuery.parse(status, event, linkId, referenceId, from, to, page,
                limit));
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
}

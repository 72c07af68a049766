package com.m2m.webhook.delivery;

import com.m2m.domain.common.Tenant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Back-pressure made visible: how many deliveries wait and for how long. A partner sees its own environment
 * ({@code GET /partner/webhooks/stats}); operators see every environment with a backlog, the oldest first
 * ({@code GET /admin/webhooks/backlog}, OPERATOR role like every {@code /admin} path). Read from the outbox tables
 * (the partner's pending total from the maintained counts), so the figures hold for the whole cluster, not one
 * node.
 */
@RestController
public record WebhookBacklogController(DeliveryStore store, Clock clock) {

    /** More environments than this with a backlog at once means an incident; the oldest are the ones to look at. */
    static final int MAX_LISTED = 500;

    @GetMapping("/partner/webhooks/stats")
    public WebhookStats stats(Tenant tenant) {
        return new WebhookStats(store.backlog(tenant.partnerId(), tenant.environment(), clock.instant()));
    }

    @GetMapping("/admin/webhooks/backlog")
    public Map<String, List<Backlog>> backlogs() {
        return Map.of("items", store.backlogs(clock.instant(), MAX_LISTED));
    }
}

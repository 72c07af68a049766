package com.m2m.webhook.endpoint;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.partner.WebhookConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /partner/webhooks/config}: the tenant's webhook target, secret prefix and subscription. */
@RestController
public record WebhookConfigQueryController(WebhookEndpointProjection endpoints) {

    @GetMapping("/partner/webhooks/config")
    public WebhookConfiguration get(Tenant tenant) {
        return endpoints.configuration(tenant.partnerId(), tenant.environment());
    }
}

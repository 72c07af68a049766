package com.m2m.webhook.sandbox;

import com.m2m.domain.common.Tenant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code POST /partner/sandbox/webhooks/test} {@code {"event": "link.opened"}} (sandbox keys only). */
@RestController
public record SandboxWebhookController(SandboxWebhookService sandbox) {

    /** 201: a delivery is created (and listed under /partner/webhooks/deliveries). */
    @PostMapping("/partner/sandbox/webhooks/test")
    @ResponseStatus(HttpStatus.CREATED)
    public SandboxTestResult test(Tenant tenant, @RequestBody(required = false) Map<String, Object> body) {
        return sandbox.test(tenant, body == null ? null : body.get("event"));
    }
}

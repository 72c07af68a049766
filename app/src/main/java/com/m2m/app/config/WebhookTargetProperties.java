package com.m2m.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code m2m.webhooks.allow-private-targets}: may sandbox webhooks go to loopback and private addresses
 * (127.0.0.0/8, ::1, 10/8, 172.16/12, 192.168/16, fc00::/7, localhost)? Live never may, whatever this says.
 *
 * @param allowPrivateTargets as set; null (not set) means: only on the embedded default with the demo partner
 */
@ConfigurationProperties("m2m.webhooks")
public record WebhookTargetProperties(Boolean allowPrivateTargets) {

    public boolean allowPrivateTargets(EmbeddedDefault embedded) {
        return allowPrivateTargets != null ? allowPrivateTargets : embedded.embeddedWithDemoPartner();
    }
}

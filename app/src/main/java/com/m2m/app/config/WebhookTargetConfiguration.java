package com.m2m.app.config;

import com.m2m.app.demo.DemoPartnerProperties;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one webhook target policy of the platform, shared by the configuration checks (command side) and every
 * delivery attempt (webhook module), and the decision of what this deployment is.
 */
@Configuration
@EnableConfigurationProperties({WebhookTargetProperties.class, DemoPartnerProperties.class})
public class WebhookTargetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookTargetConfiguration.class);

    @Bean
    public EmbeddedDefault embeddedDefault(DemoPartnerProperties demoPartner, DataSourceProperties dataSource) {
        // The URL as configured (empty when not set), not the one Spring Boot would derive for an embedded database.
        String datasourceUrl = dataSource.getUrl() == null ? "" : dataSource.getUrl();
        return new EmbeddedDefault(demoPartner.enabled(), datasourceUrl);
    }

    @Bean
    public WebhookTargetPolicy webhookTargetPolicy(WebhookTargetProperties properties, EmbeddedDefault embedded) {
        boolean allowPrivate = properties.allowPrivateTargets(embedded);
        if (allowPrivate) {
            log.info("Sandbox webhooks may go to loopback and private addresses (m2m.webhooks.allow-private-targets)");
        }
        return new WebhookTargetPolicy(allowPrivate);
    }
}

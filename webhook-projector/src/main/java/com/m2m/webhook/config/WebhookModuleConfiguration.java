package com.m2m.webhook.config;

import com.m2m.domain.webhook.WebhookTargetPolicy;
import com.m2m.webhook.delivery.RetryPolicy;
import com.m2m.webhook.delivery.WebhookSender;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The module's beans that are built from {@link WebhookProperties} rather than found by component scanning. The
 * {@link WebhookTargetPolicy} (shared with the command side, which checks targets at configuration) comes from
 * the application.
 */
@Configuration
@EnableConfigurationProperties({WebhookProperties.class, PublicUrlProperties.class})
public class WebhookModuleConfiguration {

    @Bean
    public RetryPolicy webhookRetryPolicy(WebhookProperties properties) {
        return new RetryPolicy(properties.retryDelays());
    }

    @Bean
    public WebhookSender webhookSender(WebhookProperties properties, WebhookTargetPolicy targetPolicy) {
        return new WebhookSender(properties.timeout(), targetPolicy, properties.connectionsPerRoute(),
                properties.connectionsTotal());
    }
}

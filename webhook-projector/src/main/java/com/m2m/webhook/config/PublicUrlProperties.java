package com.m2m.webhook.config;

import com.m2m.domain.common.PublicBaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code m2m.public-base-url}: where this platform is reached from outside; webhook payloads carry absolute URLs
 * under it (a link's widget URL, a data request's reply endpoint).
 *
 * @param publicBaseUrl an absolute http(s) URL ({@link PublicBaseUrl}); a trailing slash is ignored
 */
@ConfigurationProperties("m2m")
public record PublicUrlProperties(@DefaultValue(PublicBaseUrl.DEFAULT) String publicBaseUrl) {

    public PublicUrlProperties {
        PublicBaseUrl.checked(publicBaseUrl);
    }
}

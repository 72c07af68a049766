package com.m2m.query.link;

import com.m2m.domain.common.PublicBaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code m2m.public-base-url}: where this platform is reached from outside; a link read shows its widget URL under it.
 *
 * @param publicBaseUrl an absolute http(s) URL ({@link PublicBaseUrl}); a trailing slash is ignored
 */
@ConfigurationProperties("m2m")
public record PublicUrlProperties(@DefaultValue(PublicBaseUrl.DEFAULT) String publicBaseUrl) {

    public PublicUrlProperties {
        PublicBaseUrl.checked(publicBaseUrl);
    }
}

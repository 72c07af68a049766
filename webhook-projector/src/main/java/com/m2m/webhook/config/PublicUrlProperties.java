package com.m2m.webhook.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code m2m.public-base-url}: where this platform is reached from outside; webhook payloads carry absolute URLs
 * under it (a link's widget URL, a data request's reply endpoint).
 *
 * @param publicBaseUrl an absolute http(s) URL; a trailing slash is ignored
 */
@ConfigurationProperties("m2m")
public record PublicUrlProperties(@DefaultValue("http://localhost:8080") String publicBaseUrl) {

    public PublicUrlProperties {
        if (!isAbsoluteHttpUrl(publicBaseUrl)) {
            throw new IllegalArgumentException("m2m.public-base-url must be an absolute http or https URL, was: "
                    + publicBaseUrl);
        }
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

package com.m2m.command.webhook;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.webhook.InternalAddresses;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where webhooks may go. Live: https only, and never to a loopback, private or link-local address (a partner must
 * not be able to make us call into our own network). Sandbox: http too, any host, for local development.
 */
public final class WebhookTargets {

    private WebhookTargets() {
    }

    public static String validate(String url, Environment environment, String field) {
        String rule = environment == Environment.LIVE
                ? "The " + field + " field must be an absolute https URL on a public host"
                : "The " + field + " field must be an absolute http or https URL";
        if (url == null || url.length() > 2048) {
            throw new ValidationException(field, rule);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, rule);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean schemeAllowed = scheme.equals("https") || (scheme.equals("http") && environment == Environment.SANDBOX);
        if (!schemeAllowed || uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new ValidationException(field, rule);
        }
        if (environment == Environment.LIVE && InternalAddresses.isInternalHost(uri.getHost())) {
            throw new ValidationException(field, rule);
        }
        return uri.toString();
    }
}

package com.m2m.command.webhook;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where webhooks may go, checked when a partner names a target ({@code url} of the webhook configuration, a link's
 * {@code callbackUrl}) with the platform's one {@link WebhookTargetPolicy}: a refused target is a 400 naming the
 * field, and nothing is stored. The message never says why a host was refused (internal, or not resolving), so it
 * cannot be used to map the platform's network or its DNS.
 */
@Component
public record WebhookTargets(WebhookTargetPolicy policy) {

    /** @return the URL as it will be stored */
    public String validate(String url, Environment environment, String field) {
        String rule = environment == Environment.LIVE
                ? "The " + field + " field must be an absolute https URL on a public host"
                : "The " + field + " field must be an absolute http or https URL on a public host";
        if (url == null || url.length() > 2048) {
            throw new ValidationException(field, rule);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, rule);
        }
        if (!policy.accepts(uri, environment)) {
            throw new ValidationException(field, rule);
        }
        return uri.toString();
    }
}

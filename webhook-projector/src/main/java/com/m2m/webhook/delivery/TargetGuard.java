package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.webhook.InternalAddresses;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a target just before each live attempt: the URL was validated when configured, but a host name can be
 * pointed at an internal address later, and a partner must not make the platform call into its own network.
 * Sandbox may target anything (developers use localhost).
 */
@Component
public class TargetGuard {

    /** @return why the attempt must not be made, or empty when it may */
    public Optional<String> refusal(URI target, Environment environment) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            return Optional.of("Invalid webhook URL");
        }
        if (environment != Environment.LIVE) {
            return Optional.empty();
        }
        if (InternalAddresses.isInternalHost(target.getHost())) {
            return Optional.of("Refused: the host resolves to a loopback, private or link-local address");
        }
        return Optional.empty();
    }
}

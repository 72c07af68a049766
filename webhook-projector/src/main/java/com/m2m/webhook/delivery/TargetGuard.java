package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
        if (resolvesToInternalAddress(target.getHost())) {
            return Optional.of("Refused: the host resolves to a loopback, private or link-local address");
        }
        return Optional.empty();
    }

    static boolean resolvesToInternalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                if (isInternal(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException unresolvable) {
            // The send fails on its own with a connection error; nothing internal can be reached by a name
            // that does not resolve.
            return false;
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        // IPv6 unique local addresses fc00::/7 and carrier-grade NAT 100.64.0.0/10 are private too.
        return (bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC)
                || (bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64);
    }
}

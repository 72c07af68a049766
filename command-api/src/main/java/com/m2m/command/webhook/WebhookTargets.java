package com.m2m.command.webhook;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ValidationException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

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
        if (environment == Environment.LIVE && resolvesToInternalAddress(uri.getHost())) {
            throw new ValidationException(field, rule);
        }
        return uri.toString();
    }

    /** True when the host is, or resolves to, an address that is not on the public internet. */
    public static boolean resolvesToInternalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase().endsWith(".localhost")) {
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
            // Cannot be judged now; the delivery worker checks the resolved address again before every send.
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

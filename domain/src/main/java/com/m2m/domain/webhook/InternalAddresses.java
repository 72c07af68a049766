package com.m2m.domain.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Policy for live webhook targets: never a loopback, private, link-local or otherwise internal address, so that a
 * partner cannot make the platform call into its own network. Checked when a URL is configured and again before
 * every live attempt (a host name can be re-pointed later).
 */
public final class InternalAddresses {

    private InternalAddresses() {
    }

    /**
     * True when the host is, or resolves to, an internal address. A name that does not resolve is not judged here:
     * nothing can be reached through it, and the attempt fails on its own.
     */
    public static boolean isInternalHost(String host) {
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
            return false;
        }
    }

    public static boolean isInternal(InetAddress address) {
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

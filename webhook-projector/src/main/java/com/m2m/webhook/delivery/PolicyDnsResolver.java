package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The webhook client's only way from a host to addresses: resolves once through the {@link WebhookTargetPolicy},
 * which checks every address, and hands the client exactly those, so the connection goes to what was checked (a
 * name re-pointed at an internal address after the check, DNS rebinding, gets nowhere). The client keeps the
 * original name for the Host header, TLS SNI and certificate verification.
 */
public record PolicyDnsResolver(WebhookTargetPolicy policy, Environment environment) implements DnsResolver {

    /** @throws RefusedTargetException when the host is refused or does not resolve (never an empty answer) */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = policy.addressesFor(host, environment);
        if (addresses.isEmpty()) {
            throw new RefusedTargetException();
        }
        return addresses.toArray(InetAddress[]::new);
    }

    /** Overridden so that no path can hand the client an unresolved address it would then look up itself. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** The target's host is not an allowed address (or has none): no connection was attempted. */
    public static final class RefusedTargetException extends UnknownHostException {
        RefusedTargetException() {
            super("webhook target refused by the address policy");
        }
    }
}

package com.m2m.domain.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which IP addresses a webhook may be sent to, after the IANA IPv4 and IPv6 special-purpose address registries: only
 * global unicast addresses are {@link Kind#PUBLIC}. Loopback and the private ranges are {@link Kind#PRIVATE} (a
 * sandbox may use them for local development when the deployment allows it); everything else special (this
 * network, link-local and cloud metadata, carrier-grade NAT, documentation, benchmarking, multicast, reserved,
 * broadcast, IPv4-mapped/compatible and NAT64 IPv6, ...) is {@link Kind#FORBIDDEN} everywhere.
 */
public final class InternalAddresses {

    public enum Kind { PUBLIC, PRIVATE, FORBIDDEN }

    private InternalAddresses() {
    }

    public static Kind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address ? classifyV4(bytes) : classifyV6(bytes);
    }

    static Kind classifyV4(byte[] ip) {
        int a = ip[0] & 0xFF;
        int b = ip[1] & 0xFF;
        int c = ip[2] & 0xFF;
        if (a == 127 || a == 10 || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168)) {
            return Kind.PRIVATE;                                    // loopback, RFC 1918
        }
        boolean special = a == 0                                    // "this network", 0.0.0.0 reaches the host itself
                || (a == 100 && (b & 0xC0) == 64)                   // 100.64.0.0/10 carrier-grade NAT
                || (a == 169 && b == 254)                           // link-local, cloud metadata 169.254.169.254
                || (a == 192 && b == 0 && c == 0)                   // 192.0.0.0/24 IETF protocol assignments
                || (a == 192 && b == 0 && c == 2)                   // TEST-NET-1
                || (a == 192 && b == 31 && c == 196)                // AS112-v4
                || (a == 192 && b == 52 && c == 193)                // AMT
                || (a == 192 && b == 88 && c == 99)                 // deprecated 6to4 relay anycast
                || (a == 192 && b == 175 && c == 48)                // direct delegation AS112
                || (a == 198 && (b & 0xFE) == 18)                   // 198.18.0.0/15 benchmarking
                || (a == 198 && b == 51 && c == 100)                // TEST-NET-2
                || (a == 203 && b == 0 && c == 113)                 // TEST-NET-3
                || a >= 224;                                        // multicast, 240/4 reserved, broadcast
        return special ? Kind.FORBIDDEN : Kind.PUBLIC;
    }

    static Kind classifyV6(byte[] ip) {
        if (isLoopbackV6(ip)) {
            return Kind.PRIVATE;                                    // ::1
        }
        if ((ip[0] & 0xFE) == 0xFC) {
            return Kind.PRIVATE;                                    // fc00::/7 unique local
        }
        if ((ip[0] & 0xE0) != 0x20) {
            // Outside 2000::/3 nothing is global unicast: ::, ::ffff:0:0/96 mapped, ::/96 compatible,
            // 64:ff9b::/96 and 64:ff9b:1::/48 NAT64, 100::/64 discard, fe80::/10, fec0::/10, ff00::/8, ...
            return Kind.FORBIDDEN;
        }
        int first = ((ip[0] & 0xFF) << 8) | (ip[1] & 0xFF);
        int second = ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF);
        if (first == 0x2001 && second < 0x0200) {
            return Kind.FORBIDDEN;                                  // 2001::/23 IETF protocols (Teredo, ORCHID, ...)
        }
        if (first == 0x2001 && second == 0x0db8) {
            return Kind.FORBIDDEN;                                  // 2001:db8::/32 documentation
        }
        if (first == 0x3fff && (second & 0xF000) == 0) {
            return Kind.FORBIDDEN;                                  // 3fff::/20 documentation
        }
        if (first == 0x2002) {
            // 6to4 carries an IPv4 address in bits 16..47: it is as good as that address, and never private.
            Kind embedded = classifyV4(new byte[] {ip[2], ip[3], ip[4], ip[5]});
            return embedded == Kind.PUBLIC ? Kind.PUBLIC : Kind.FORBIDDEN;
        }
        return Kind.PUBLIC;
    }

    private static boolean isLoopbackV6(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }
}

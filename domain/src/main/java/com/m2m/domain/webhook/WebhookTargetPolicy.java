package com.m2m.domain.webhook;

import com.m2m.domain.common.Environment;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may go: the one rule for {@code PUT /partner/webhooks/config}, a link's {@code callbackUrl} and
 * every delivery attempt, sandbox and live alike, so that a partner cannot make the platform call into its own
 * network.
 *
 * <ul>
 *   <li>Live: {@code https} only; sandbox: {@code http} too. No user info, no fragment.</li>
 *   <li>The host is a name, a canonical dotted-quad IPv4 address or a bracketed IPv6 literal. Any other numeric
 *       spelling ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}, ...) is refused: HTTP
 *       clients disagree on what it means (the JDK reads some of them differently than browsers and curl). A
 *       trailing dot ({@code localhost.}) is refused too, as is an IPv6 zone or an IPv4-mapped literal.</li>
 *   <li>Every address the name resolves to must be {@link InternalAddresses.Kind#PUBLIC}; a name that does not
 *       resolve is refused (fail closed). Loopback and private addresses, and local-only names such as
 *       {@code localhost} or any single-label name, are allowed only in sandbox and only when the deployment
 *       allows private targets.</li>
 * </ul>
 *
 * <p>At an attempt, {@link #addressesFor} resolves once and returns exactly the addresses that passed: the HTTP
 * client connects to those (never resolving again), so a name re-pointed between the check and the connection
 * (DNS rebinding) cannot slip through.
 */
public final class WebhookTargetPolicy {

    /** How names become addresses; the system resolver in production, a fake one in tests. */
    @FunctionalInterface
    public interface NameResolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    public static final NameResolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    private static final List<String> LOCAL_ONLY_SUFFIXES =
            List.of(".localhost", ".local", ".internal", ".localdomain", ".home.arpa");

    private final boolean allowPrivateTargetsInSandbox;
    private final NameResolver resolver;

    public WebhookTargetPolicy(boolean allowPrivateTargetsInSandbox, NameResolver resolver) {
        this.allowPrivateTargetsInSandbox = allowPrivateTargetsInSandbox;
        this.resolver = resolver;
    }

    public WebhookTargetPolicy(boolean allowPrivateTargetsInSandbox) {
        this(allowPrivateTargetsInSandbox, SYSTEM_RESOLVER);
    }

    public boolean allowPrivateTargetsInSandbox() {
        return allowPrivateTargetsInSandbox;
    }

    /** At configuration: the URL's form and every address its host resolves to. */
    public boolean accepts(URI url, Environment environment) {
        return hasAllowedForm(url, environment) && !addressesFor(url.getHost(), environment).isEmpty();
    }

    /**
     * Before an attempt, without resolving anything (the connection resolves, once, through
     * {@link #addressesFor}): the URL's form, and the host's when it is an address literal or a local-only name.
     */
    public boolean acceptsWithoutResolving(URI url, Environment environment) {
        if (!hasAllowedForm(url, environment)) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (isIpv6Literal(host) || looksNumeric(host)) {
            return !addressesFor(host, environment).isEmpty();
        }
        return isWellFormedName(host) && (!isLocalOnlyName(host) || privateAllowed(environment));
    }

    /**
     * The addresses a connection to {@code host} may use: all of those it resolves to, each checked, each carrying
     * {@code host} as its name. Empty when any of them is refused, the host's form is refused, or it does not
     * resolve. {@code host} may be bracketed ({@code [::1]}) or not.
     */
    public List<InetAddress> addressesFor(String host, Environment environment) {
        if (host == null || host.isEmpty()) {
            return List.of();
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (isIpv6Literal(lower)) {
            return checked(ipv6Literal(lower), environment);
        }
        if (looksNumeric(lower)) {
            return checked(canonicalDottedQuad(lower), environment);
        }
        if (!isWellFormedName(lower) || isLocalOnlyName(lower) && !privateAllowed(environment)) {
            return List.of();
        }
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(lower);
        } catch (UnknownHostException | SecurityException unresolvable) {
            return List.of();
        }
        if (resolved == null || resolved.length == 0) {
            return List.of();
        }
        List<InetAddress> addresses = new ArrayList<>(resolved.length);
        for (InetAddress address : resolved) {
            if (address == null || !allowed(InternalAddresses.classify(address), environment)) {
                return List.of();
            }
            try {
                addresses.add(InetAddress.getByAddress(host, address.getAddress()));
            } catch (UnknownHostException impossible) {
                return List.of();
            }
        }
        return List.copyOf(addresses);
    }

    private boolean hasAllowedForm(URI url, Environment environment) {
        if (url == null || !url.isAbsolute() || url.isOpaque() || url.getHost() == null || url.getRawUserInfo() != null
                || url.getRawFragment() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && environment == Environment.SANDBOX;
    }

    private List<InetAddress> checked(InetAddress literal, Environment environment) {
        return literal != null && allowed(InternalAddresses.classify(literal), environment)
                ? List.of(literal) : List.of();
    }

    private boolean allowed(InternalAddresses.Kind kind, Environment environment) {
        return kind == InternalAddresses.Kind.PUBLIC || kind == InternalAddresses.Kind.PRIVATE
                && privateAllowed(environment);
    }

    private boolean privateAllowed(Environment environment) {
        return allowPrivateTargetsInSandbox && environment == Environment.SANDBOX;
    }

    private static boolean isIpv6Literal(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0;
    }

    /** A bracketed (or bare, as HTTP clients hand it over) IPv6 literal; null when malformed, zoned or mapped. */
    private static InetAddress ipv6Literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.isEmpty() || bare.indexOf(':') < 0 || !bare.chars().allMatch(ch -> ch == ':' || ch == '.'
                || ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
            return null;
        }
        try {
            // With a ':' in it the JDK parses the literal or throws: it never looks a name up.
            InetAddress address = InetAddress.getByName(bare);
            // The JDK turns ::ffff:a.b.c.d into an IPv4 address: an IPv4-mapped literal is refused as such.
            return address instanceof Inet4Address ? null : address;
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    /**
     * As the URL standard decides: a host whose last label is a decimal or 0x-hex number is an IPv4 address in
     * some spelling, never a name (no top-level domain is numeric).
     */
    static boolean looksNumeric(String host) {
        int dot = host.lastIndexOf('.');
        String last = dot < 0 ? host : host.substring(dot + 1);
        if (last.isEmpty()) {
            // "a.b." - judge the label before the trailing dot; the dot itself is refused anyway
            return host.length() > 1 && looksNumeric(host.substring(0, host.length() - 1));
        }
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
        }
        return last.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** Exactly four decimal parts 0..255 without leading zeros; null for every other numeric spelling. */
    private static InetAddress canonicalDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0'
                    || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    /** Letters, digits and hyphens in non-empty labels; no trailing dot (it makes "localhost." a new name). */
    private static boolean isWellFormedName(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(ch -> ch == '-' || ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Names that only mean something inside a network: {@code localhost} and its kin, and any single-label name
     * ({@code db}, {@code metadata}, {@code 7f000001}), which the resolver completes with the host's search domains.
     */
    private static boolean isLocalOnlyName(String host) {
        return host.indexOf('.') < 0 || LOCAL_ONLY_SUFFIXES.stream().anyMatch(host::endsWith);
    }
}

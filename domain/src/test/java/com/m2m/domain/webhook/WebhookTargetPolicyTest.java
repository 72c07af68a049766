package com.m2m.domain.webhook;

import com.m2m.domain.common.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy with a fake name resolver: no name is looked up for real and no connection is ever opened, so every
 * refused form can be shown without sending anything anywhere.
 */
class WebhookTargetPolicyTest {

    private static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("hooks.partner.test", List.of("93.184.215.14", "2606:4700::1111")),
            Map.entry("loopback.partner.test", List.of("127.0.0.1")),
            Map.entry("private.partner.test", List.of("10.0.0.7")),
            Map.entry("metadata.partner.test", List.of("169.254.169.254")),
            Map.entry("cgnat.partner.test", List.of("100.64.1.1")),
            Map.entry("nat64.partner.test", List.of("64:ff9b::7f00:1")),
            Map.entry("half.partner.test", List.of("93.184.215.14", "127.0.0.1")),
            Map.entry("localhost", List.of("127.0.0.1", "::1")));

    private final List<String> lookedUp = new ArrayList<>();

    private InetAddress[] resolve(String name) throws UnknownHostException {
        lookedUp.add(name);
        List<String> literals = DNS.get(name);
        if (literals == null) {
            throw new UnknownHostException(name);
        }
        InetAddress[] addresses = new InetAddress[literals.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(literals.get(i));
        }
        return addresses;
    }

    private final WebhookTargetPolicy strict = new WebhookTargetPolicy(false, this::resolve);
    private final WebhookTargetPolicy localDevelopment = new WebhookTargetPolicy(true, this::resolve);

    /** Every form of the security review, and the ranges of the special-purpose registries. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost.", "api.localhost", "printer.local", "db.internal", "metadata",
            "7f000001", "deadbeef",
            "router.home.arpa", "hooks.partner.test.", "127.0.0.1", "127.0.0.1.", "127.1", "127.0.1",
            "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001", "2130706433", "0", "0.0.0.0", "10.0.0.1",
            "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "198.18.0.1", "198.19.1.1", "192.0.0.8",
            "192.0.2.1", "198.51.100.1", "203.0.113.1", "224.0.0.1", "240.0.0.1", "255.255.255.255",
            "93.184.215.014", "1.2.3.4.5", "[::1]", "[::]", "[::127.0.0.1]", "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]", "[::ffff:93.184.215.14]", "[64:ff9b::7f00:1]", "[64:ff9b::127.0.0.1]",
            "[64:ff9b:1::a00:1]", "[100::1]", "[2001::1]", "[2001:db8::1]", "[fc00::1]", "[fd00::1]", "[fe80::1]",
            "[fe80::1%25eth0]", "[ff02::1]", "[2002:7f00:1::1]", "[2002:a00:1::]", "loopback.partner.test",
            "private.partner.test", "metadata.partner.test", "cgnat.partner.test", "nat64.partner.test",
            "half.partner.test", "does-not-resolve.partner.test"})
    void refusedForLiveAndForAStrictSandbox(String host) {
        for (String scheme : List.of("https", "http")) {
            URI url = URI.create(scheme + "://" + host + ":8443/hooks");
            assertThat(strict.accepts(url, Environment.SANDBOX)).as("sandbox %s", url).isFalse();
            assertThat(strict.accepts(url, Environment.LIVE)).as("live %s", url).isFalse();
            assertThat(localDevelopment.accepts(url, Environment.LIVE)).as("live, even when sandbox may use "
                    + "private targets: %s", url).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost.", "0x7f000001", "0177.0.0.1", "017700000001", "2130706433", "127.1",
            "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]", "[fe80::1]", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "224.0.0.1", "255.255.255.255", "metadata.partner.test", "does-not-resolve.partner.test"})
    void privateTargetsAllowedInSandboxStillExcludeEveryOtherSpecialForm(String host) {
        assertThat(localDevelopment.accepts(URI.create("http://" + host + "/hooks"), Environment.SANDBOX)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "10.0.0.1", "192.168.1.20", "[::1]", "[fd00::5]",
            "loopback.partner.test", "private.partner.test"})
    void loopbackAndPrivateTargetsInSandboxOnlyWhenAllowed(String host) {
        URI url = URI.create("http://" + host + ":9000/hooks");
        assertThat(localDevelopment.accepts(url, Environment.SANDBOX)).isTrue();
        assertThat(strict.accepts(url, Environment.SANDBOX)).isFalse();
        assertThat(localDevelopment.accepts(URI.create("https://" + host + ":9000/hooks"), Environment.LIVE))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hooks.partner.test", "93.184.215.14", "[2606:4700::1111]", "HOOKS.Partner.TEST"})
    void publicTargetsAreAccepted(String host) {
        assertThat(strict.accepts(URI.create("https://" + host + "/hooks"), Environment.LIVE)).isTrue();
        assertThat(strict.accepts(URI.create("http://" + host + "/hooks"), Environment.SANDBOX)).isTrue();
    }

    @Test
    void cafeBeIsAName() {
        assertThat(WebhookTargetPolicy.looksNumeric("cafe.be")).isFalse();
        assertThat(WebhookTargetPolicy.looksNumeric("cafe.0x1f")).isTrue();
    }

    /** Live needs https, and no URL may carry credentials or a fragment, or be relative. */
    @ParameterizedTest
    @CsvSource({
            "http://hooks.partner.test/h,         LIVE",
            "ftp://hooks.partner.test/h,          SANDBOX",
            "https://user:pw@hooks.partner.test/h, LIVE",
            "https://hooks.partner.test/h#x,      LIVE",
            "/relative,                           LIVE",
    })
    void liveNeedsHttpsAndNoUrlMayCarryCredentialsOrAFragment(String url, Environment environment) {
        assertThat(strict.accepts(URI.create(url), environment)).isFalse();
    }

    @Test
    void addressLiteralsAreNeverLookedUp() {
        for (String host : List.of("127.0.0.1", "93.184.215.14", "[::1]", "2130706433", "0x7f000001",
                "[::ffff:127.0.0.1]", "localhost.", "api.localhost", "7f000001", "metadata")) {
            strict.accepts(URI.create("https://" + host + "/h"), Environment.LIVE);
            strict.acceptsWithoutResolving(URI.create("https://" + host + "/h"), Environment.LIVE);
        }
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void theAddressesToConnectToAreExactlyTheCheckedOnesUnderTheOriginalName() throws UnknownHostException {
        List<InetAddress> addresses = strict.addressesFor("hooks.partner.test", Environment.LIVE);
        assertThat(addresses).containsExactly(InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("2606:4700::1111"));
        assertThat(addresses).allSatisfy(a -> assertThat(a.getHostName()).isEqualTo("hooks.partner.test"));
        assertThat(strict.addressesFor("half.partner.test", Environment.LIVE))
                .as("one internal address among public ones refuses the name").isEmpty();
        assertThat(strict.addressesFor("::1", Environment.LIVE)).as("bare IPv6, as HTTP clients pass it").isEmpty();
        assertThat(localDevelopment.addressesFor("::1", Environment.SANDBOX))
                .containsExactly(InetAddress.getByName("::1"));
    }

    @Test
    void beforeAnAttemptLiteralsAndLocalNamesAreJudgedWithoutResolving() {
        assertThat(strict.acceptsWithoutResolving(URI.create("https://127.0.0.1/h"), Environment.LIVE)).isFalse();
        assertThat(strict.acceptsWithoutResolving(URI.create("https://localhost/h"), Environment.LIVE)).isFalse();
        assertThat(strict.acceptsWithoutResolving(URI.create("https://localhost./h"), Environment.LIVE)).isFalse();
        assertThat(strict.acceptsWithoutResolving(URI.create("https://2130706433/h"), Environment.LIVE)).isFalse();
        assertThat(strict.acceptsWithoutResolving(URI.create("https://hooks.partner.test/h"), Environment.LIVE))
                .isTrue();
        assertThat(localDevelopment.acceptsWithoutResolving(URI.create("http://localhost:9000/h"),
                Environment.SANDBOX)).isTrue();
        assertThat(lookedUp).isEmpty();
    }
}

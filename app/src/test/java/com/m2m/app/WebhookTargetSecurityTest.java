package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook targets cannot reach the platform's network: every refused address form, for sandbox (with
 * {@code m2m.webhooks.allow-private-targets=false}, as on any real deployment) and for live, at configuration time
 * only: a refused target is answered 400 naming the field and nothing is stored, and no traffic goes anywhere (the
 * forms are address literals or names refused without being looked up).
 */
@PlatformTest
class WebhookTargetSecurityTest extends PlatformClientTest {

    /** Loopback, private, link-local, CGNAT, multicast, reserved, special-purpose; every numeric spelling. */
    static final List<String> REFUSED_HOSTS = List.of("localhost", "localhost.", "api.localhost", "db.internal",
            "metadata", "7f000001",
            "printer.local", "127.0.0.1", "127.0.0.1.", "127.1", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1",
            "017700000001", "2130706433", "0", "0.0.0.0", "10.0.0.1", "172.16.0.1", "192.168.0.1",
            "169.254.169.254", "100.64.0.1", "198.18.0.1", "192.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "[::1]", "[::]", "[::127.0.0.1]", "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]", "[64:ff9b::7f00:1]", "[64:ff9b:1::1]", "[100::1]", "[2001::1]", "[2001:db8::1]",
            "[fc00::1]", "[fe80::1]", "[ff02::1]", "[2002:7f00:1::1]", "[2002:a9fe:a9fe::1]");

    static void assertRefusedAndNothingStored(ApiClient api, String key, String scheme) {
        String marker = "refused-hook";
        for (String host : REFUSED_HOSTS) {
            String url = scheme + "://" + host + ":8443/" + marker;
            ApiClient.Response config = api.put("/partner/webhooks/config", "{\"url\":\"" + url + "\"}").key(key).send();
            assertThat(config.status()).as(url).isEqualTo(400);
            assertThat(config.body().at("/success").asBoolean(true)).isFalse();
            assertThat(config.errorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(config.body().at("/error/field").asText()).as(url).isEqualTo("url");

            ApiClient.Response link = api.post("/partner/links",
                    "{\"referenceId\":\"ssrf-user\",\"callbackUrl\":\"" + url + "\"}").key(key).send();
            assertThat(link.status()).as(url).isEqualTo(400);
            assertThat(link.body().at("/error/field").asText()).as(url).isEqualTo("callbackUrl");
        }
        assertThat(api.get("/partner/webhooks/config").key(key).send().toString()).doesNotContain(marker);
        JsonNode links = api.get("/partner/links").key(key).send().data();
        assertThat(links.get("items")).as("no link was created").isEmpty();
    }

    @DynamicPropertySource
    static void strict(DynamicPropertyRegistry registry) {
        registry.add("m2m.webhooks.allow-private-targets", () -> "false");
    }

    @Autowired
    WebhookTargetPolicy policy;

    @Test
    void sandboxRefusesEveryInternalForm() {
        assertThat(policy.allowPrivateTargetsInSandbox()).isFalse();
        // one partner per scheme: the refused link creations count against its create-links rate limit
        assertRefusedAndNothingStored(api, partners().sandboxPartner(Partners.uniqueId("ssrfsb")), "http");
        assertRefusedAndNothingStored(api, partners().sandboxPartner(Partners.uniqueId("ssrfsbs")), "https");
    }

    @Test
    void liveRefusesEveryInternalForm() {
        String partnerId = Partners.uniqueId("ssrflive");
        partners().create(partnerId);
        assertRefusedAndNothingStored(api, partners().key(partnerId, "live"), "https");
    }

    @Test
    void publicAddressesAreStillAccepted() {
        String key = partners().sandboxPartner(Partners.uniqueId("ssrfpub"));
        ApiClient.Response configured = api.put("/partner/webhooks/config",
                "{\"url\":\"https://93.184.215.14/hooks\",\"events\":[\"link.created\"]}").key(key).send();
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    }
}

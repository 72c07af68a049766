package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WebhookSecret}: the {@code whsec_...} signing secret (docs/api.md "Webhook configuration", docs/webhooks.md). */
class WebhookSecretTest {

    @RepeatedTest(20)
    void aGeneratedSecretIsWhsecFollowedBy43Base64UrlCharacters() {
        String value = WebhookSecret.generate().value();

        assertThat(value).startsWith("whsec_").hasSize(6 + 43).matches("whsec_[A-Za-z0-9_-]{43}");
    }

    @Test
    void aGeneratedSecretCarriesAtLeast24RandomBytes() {
        String encoded = WebhookSecret.generate().value().substring("whsec_".length());

        byte[] raw = Base64.getUrlDecoder().decode(encoded);
        assertThat(raw.length).isGreaterThanOrEqualTo(24).isEqualTo(32);
    }

    @Test
    void twoGeneratedSecretsDiffer() {
        assertThat(WebhookSecret.generate()).isNotEqualTo(WebhookSecret.generate());
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            values.add(WebhookSecret.generate().value());
        }
        assertThat(values).hasSize(1000);
    }

    @Test
    void thePrefixIsTheFirst12Characters() {
        WebhookSecret secret = new WebhookSecret("whsec_abcdefGHIJKLmnopqrstuvwxyz0123456789ABCDEFG");

        assertThat(secret.prefix()).isEqualTo("whsec_abcdef").hasSize(12);
        assertThat(WebhookSecret.generate().prefix()).hasSize(12).startsWith("whsec_");
    }

    @Test
    void toStringHidesTheValue() {
        WebhookSecret secret = WebhookSecret.generate();
        String rest = secret.value().substring(12);

        assertThat(secret.toString())
                .doesNotContain(secret.value())
                .doesNotContain(rest)
                .isEqualTo("WebhookSecret[" + secret.prefix() + "***]");
    }

    @Test
    void eventsCarryingTheSecretDoNotRevealItInTheirToString() {
        WebhookSecret secret = WebhookSecret.generate();
        WebhookSecret previous = WebhookSecret.generate();
        String text = new WebhookSecretRotatedEvent("acme", Environment.SANDBOX, secret, previous, null,
                Instant.EPOCH).toString();

        assertThat(text).doesNotContain(secret.value()).doesNotContain(previous.value());
    }

    @Test
    void secretsWithTheSameValueAreEqual() {
        assertThat(new WebhookSecret("whsec_x")).isEqualTo(new WebhookSecret("whsec_x"))
                .hasSameHashCodeAs(new WebhookSecret("whsec_x"));
    }
}

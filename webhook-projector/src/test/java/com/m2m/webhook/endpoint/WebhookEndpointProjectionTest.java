package com.m2m.webhook.endpoint;

import com.m2m.webhook.support.TestWebhooks;
import com.m2m.domain.common.Environment;
import com.m2m.domain.partner.FindWebhookConfigurationQuery;
import com.m2m.domain.partner.WebhookConfiguration;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.domain.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEndpointProjectionTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final WebhookSecret FIRST = new WebhookSecret("whsec_firstsecretvalue0000000000000000000000000");
    private static final WebhookSecret SECOND = new WebhookSecret("whsec_secondsecretvalue000000000000000000000000");

    private final TestDatabase db = TestWebhooks.database();
    private final WebhookEndpointProjection projection = new WebhookEndpointProjection(db.jdbc(), com.m2m.domain.privacy.MasterKey.generate());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anUnconfiguredEnvironmentHasNoUrlAndEveryEvent() {
        assertThat(projection.handle(new FindWebhookConfigurationQuery("acme", Environment.SANDBOX)))
                .isEqualTo(new WebhookConfiguration(null, null, WebhookEventTypes.ALL, null));
        assertThat(projection.find("acme", Environment.SANDBOX)).isEmpty();
    }

    @Test
    void configurationAndFirstSecret() {
        projection.on(new WebhookConfiguredEvent("acme", Environment.SANDBOX, "https://acme.example.com/h", List.of(), T0));
        projection.on(new WebhookSecretRotatedEvent("acme", Environment.SANDBOX, FIRST, null, null, T0));

        WebhookConfiguration configuration = projection.handle(new FindWebhookConfigurationQuery("acme", Environment.SANDBOX));

        assertThat(configuration).isEqualTo(new WebhookConfiguration("https://acme.example.com/h", FIRST.prefix(),
                WebhookEventTypes.ALL, T0));
        assertThat(configuration.secretPrefix()).isEqualTo("whsec_firsts");
        assertThat(projection.configuration("acme", Environment.LIVE).url()).as("live is separate").isNull();
        WebhookEndpoint endpoint = projection.find("acme", Environment.SANDBOX).orElseThrow();
        assertThat(endpoint.secret()).isEqualTo(FIRST.value());
        assertThat(endpoint.subscribes("operation.failed")).isTrue();
        assertThat(db.jdbc().queryForObject("SELECT secret FROM webhook_endpoint WHERE partner_id = 'acme'",
                String.class)).as("stored sealed, never readable").doesNotContain("whsec_", "firstsecret");
    }

    @Test
    void aSubscriptionAndARotationKeepThePreviousSecretFor24Hours() {
        projection.on(new WebhookConfiguredEvent("acme", Environment.LIVE, "https://acme.example.com/h",
                List.of("link.created", "link.revoked"), T0));
        projection.on(new WebhookSecretRotatedEvent("acme", Environment.LIVE, FIRST, null, null, T0));
        Instant rotated = T0.plus(Duration.ofHours(1));
        projection.on(new WebhookSecretRotatedEvent("acme", Environment.LIVE, SECOND, FIRST,
                rotated.plus(Duration.ofHours(24)), rotated));
        projection.on(new WebhookSecretRotatedEvent("acme", Environment.LIVE, SECOND, FIRST,
                rotated.plus(Duration.ofHours(24)), rotated));

        WebhookEndpoint endpoint = projection.find("acme", Environment.LIVE).orElseThrow();
        assertThat(endpoint.events()).containsExactly("link.created", "link.revoked");
        assertThat(endpoint.subscribes("link.opened")).isFalse();
        assertThat(endpoint.signingKeys().activeAt(rotated)).containsExactly(SECOND.value(), FIRST.value());
        assertThat(endpoint.signingKeys().activeAt(rotated.plus(Duration.ofHours(24)))).containsExactly(SECOND.value());
        WebhookConfiguration configuration = projection.configuration("acme", Environment.LIVE);
        assertThat(configuration.secretPrefix()).isEqualTo(SECOND.prefix());
        assertThat(configuration.events()).containsExactly("link.created", "link.revoked");
        assertThat(configuration.updatedAt()).isEqualTo(rotated);
    }

    @Test
    void aSecretMayExistBeforeAnyUrlAndTheResetEmptiesTheDirectory() {
        projection.on(new WebhookSecretRotatedEvent("acme", Environment.SANDBOX, FIRST, null, null, T0));

        assertThat(projection.configuration("acme", Environment.SANDBOX).url()).isNull();
        assertThat(projection.configuration("acme", Environment.SANDBOX).secretPrefix()).isEqualTo(FIRST.prefix());

        projection.on(new WebhookConfiguredEvent("acme", Environment.SANDBOX, "https://acme.example.com/h", List.of(), T0));
        assertThat(projection.find("acme", Environment.SANDBOX).orElseThrow().secret()).isEqualTo(FIRST.value());

        projection.reset();
        assertThat(db.count("webhook_endpoint")).isZero();
    }
}

package com.m2m.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code m2m.webhooks.allow-private-targets}: on by default only for the local install with the demo partner. */
class WebhookTargetPropertiesTest {

    private static final String H2 = "jdbc:h2:file:./data/m2m;MODE=PostgreSQL";
    private static final String POSTGRES = "jdbc:postgresql://db:5432/m2m";

    @Test
    void defaultsToTheEmbeddedDefaultWithTheDemoPartner() {
        WebhookTargetProperties unset = new WebhookTargetProperties(null);
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(null, H2))).isTrue();
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(true, H2))).isTrue();
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(false, H2))).isFalse();
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(null, POSTGRES))).isFalse();
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(true, POSTGRES))).isFalse();
        assertThat(unset.allowPrivateTargets(new EmbeddedDefault(null, ""))).isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(new WebhookTargetProperties(false).allowPrivateTargets(new EmbeddedDefault(null, H2))).isFalse();
        assertThat(new WebhookTargetProperties(true).allowPrivateTargets(new EmbeddedDefault(null, POSTGRES)))
                .isTrue();
    }

    @Test
    void theDemoPartnerDecisionIsUnchanged() {
        assertThat(new EmbeddedDefault(null, H2).demoPartnerEnabled()).isTrue();
        assertThat(new EmbeddedDefault(null, POSTGRES).demoPartnerEnabled()).isFalse();
        assertThat(new EmbeddedDefault(true, POSTGRES).demoPartnerEnabled()).isTrue();
        assertThat(new EmbeddedDefault(false, H2).demoPartnerEnabled()).isFalse();
    }
}

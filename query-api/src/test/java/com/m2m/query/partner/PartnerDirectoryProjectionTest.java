package com.m2m.query.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.partner.ApiKeyIssuedEvent;
import com.m2m.domain.partner.ApiKeyRevokedEvent;
import com.m2m.domain.partner.FindLinkSettingsQuery;
import com.m2m.domain.partner.FindPartnerSettingsQuery;
import com.m2m.domain.partner.LinkSettings;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerReactivatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.partner.PartnerSettingsPatch;
import com.m2m.domain.partner.PartnerSuspendedEvent;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.query.testing.QueryDatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerDirectoryProjectionTest extends QueryDatabaseTest {

    private final PartnerDirectoryProjection directory = new PartnerDirectoryProjection(db.jdbc());
    private final ApiKeyUsage usage = new ApiKeyUsage(db.jdbc());

    /** What the Partner aggregate emits for a CreatePartnerCommand. */
    private void createPartner(String partnerId, String name, Instant at) {
        directory.on(new PartnerCreatedEvent(partnerId, name, at));
        for (Environment environment : Environment.values()) {
            directory.on(new PartnerSettingsChangedEvent(partnerId, environment, PartnerSettings.DEFAULTS, at));
        }
    }

    @Test
    void createdPartnerIsActiveWithDefaultSettingsInBothEnvironments() {
        createPartner("acme", "Acme Remit", T0);

        assertThat(directory.partnerExists("acme")).isTrue();
        assertThat(directory.partnerExists("other")).isFalse();
        assertThat(directory.findPartner("acme")).contains(new PartnerSummary("acme", "Acme Remit", "active", T0));
        assertThat(directory.findPartner("other")).isEmpty();
        assertThat(directory.handle(new FindPartnerSettingsQuery("acme", Environment.SANDBOX)))
                .isEqualTo(PartnerSettings.DEFAULTS);
        assertThat(directory.handle(new FindPartnerSettingsQuery("acme", Environment.LIVE)))
                .isEqualTo(PartnerSettings.DEFAULTS);
    }

    @Test
    void settingsQueryForUnknownPartnerIsNotFound() {
        assertThatThrownBy(() -> directory.handle(new FindPartnerSettingsQuery("ghost", Environment.SANDBOX)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void settingsChangePerEnvironmentRoundTripsEveryMember() {
        createPartner("acme", "Acme Remit", T0);
        PartnerSettings changed = PartnerSettings.DEFAULTS.with(new PartnerSettingsPatch(30,
                List.of("name.firstName", "dob"), List.of("bank_account"), "dark",
                List.of("https://acme.example"), 50, 500));

        directory.on(new PartnerSettingsChangedEvent("acme", Environment.LIVE, changed, T0.plusSeconds(60)));

        assertThat(directory.handle(new FindPartnerSettingsQuery("acme", Environment.LIVE))).isEqualTo(changed);
        assertThat(directory.handle(new FindPartnerSettingsQuery("acme", Environment.SANDBOX)))
                .isEqualTo(PartnerSettings.DEFAULTS);
    }

    @Test
    void profileShowsTheTenantsEnvironmentAndItsSettings() {
        createPartner("acme", "Acme Remit", T0);
        PartnerSettings live = PartnerSettings.DEFAULTS.with(new PartnerSettingsPatch(120, null,
                List.of("cash"), "dark", null, null, null));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.LIVE, live, T0));

        assertThat(directory.profile(new Tenant("acme", Environment.LIVE))).isEqualTo(new PartnerProfile(
                "acme", "Acme Remit", "active", "live",
                new PartnerProfile.ProfileSettings(120, List.of("cash"), "dark")));
        assertThat(directory.profile(new Tenant("acme", Environment.SANDBOX))).isEqualTo(new PartnerProfile(
                "acme", "Acme Remit", "active", "sandbox",
                new PartnerProfile.ProfileSettings(60, List.of("bank_account", "cash"), "light")));

        directory.on(new PartnerSuspendedEvent("acme", T0));
        assertThat(directory.profile(new Tenant("acme", Environment.LIVE)).status()).isEqualTo("suspended");
    }

    @Test
    void apiKeyLookupFollowsRevocationSuspensionAndReactivation() {
        createPartner("acme", "Acme Remit", T0);
        directory.on(new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0));
        directory.on(new ApiKeyIssuedEvent("acme", Environment.LIVE, "m2m_live_cd2", "hash-2", T0));

        assertThat(directory.findApiKey("hash-1"))
                .contains(new ApiKeyLookup("acme", Environment.SANDBOX, "m2m_test_ab1", false, true));
        assertThat(directory.findApiKey("hash-2"))
                .contains(new ApiKeyLookup("acme", Environment.LIVE, "m2m_live_cd2", false, true));
        assertThat(directory.findApiKey("unknown")).isEmpty();

        directory.on(new ApiKeyRevokedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0.plusSeconds(5)));
        assertThat(directory.findApiKey("hash-1")).get().extracting(ApiKeyLookup::revoked).isEqualTo(true);
        assertThat(directory.findApiKey("hash-2")).get().extracting(ApiKeyLookup::revoked).isEqualTo(false);

        directory.on(new PartnerSuspendedEvent("acme", T0.plusSeconds(10)));
        assertThat(directory.findApiKey("hash-2")).get().extracting(ApiKeyLookup::partnerActive).isEqualTo(false);
        assertThat(directory.findPartner("acme")).get().extracting(PartnerSummary::status).isEqualTo("suspended");

        directory.on(new PartnerReactivatedEvent("acme", T0.plusSeconds(20)));
        assertThat(directory.findApiKey("hash-2")).get().extracting(ApiKeyLookup::partnerActive).isEqualTo(true);
    }

    @Test
    void keysAreListedNewestFirstWithLastUseAndRevocation() {
        createPartner("acme", "Acme Remit", T0);
        createPartner("other", "Other", T0);
        directory.on(new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0));
        directory.on(new ApiKeyIssuedEvent("acme", Environment.LIVE, "m2m_live_cd2", "hash-2", T0.plusSeconds(60)));
        directory.on(new ApiKeyIssuedEvent("other", Environment.LIVE, "m2m_live_zz9", "hash-3", T0.plusSeconds(90)));
        directory.on(new ApiKeyRevokedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0.plusSeconds(120)));
        usage.recordUse("hash-2", T0.plusSeconds(100));

        assertThat(directory.listKeys("acme")).containsExactly(
                new ApiKeyView("m2m_live_cd2", "live", T0.plusSeconds(60), T0.plusSeconds(100), null),
                new ApiKeyView("m2m_test_ab1", "sandbox", T0, null, T0.plusSeconds(120)));
        assertThat(directory.listKeys("other")).extracting(ApiKeyView::prefix).containsExactly("m2m_live_zz9");
        assertThatThrownBy(() -> directory.listKeys("ghost")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aPartnerWithoutKeysListsNone() {
        createPartner("acme", "Acme Remit", T0);
        assertThat(directory.listKeys("acme")).isEmpty();
    }

    @Test
    void handlingAnEventTwiceChangesNothing() {
        createPartner("acme", "Acme Remit", T0);
        createPartner("acme", "Acme Remit", T0);
        ApiKeyIssuedEvent issued = new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0);
        directory.on(issued);
        directory.on(issued);

        assertThat(db.count("partner_view")).isEqualTo(1);
        assertThat(db.count("partner_settings")).isEqualTo(2);
        assertThat(db.count("partner_api_key")).isEqualTo(1);
    }

    @Test
    void resetEmptiesTheDirectoryButKeepsUsageTelemetry() {
        createPartner("acme", "Acme Remit", T0);
        directory.on(new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0));
        usage.recordUse("hash-1", T0);

        directory.reset();

        assertThat(directory.partnerExists("acme")).isFalse();
        assertThat(directory.findApiKey("hash-1")).isEmpty();
        assertThat(db.count("partner_settings")).isZero();
        assertThat(usage.lastUsedAt("hash-1")).contains(T0);
    }

    @Test
    void linkSettingsCarryTheWebhookTargetAndSecretFromThePartnersWebhookEvents() {
        createPartner("acme", "Acme Remit", T0);
        FindLinkSettingsQuery sandbox = new FindLinkSettingsQuery("acme", Environment.SANDBOX);
        assertThat(directory.handle(sandbox)).isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, false, false));

        directory.on(new WebhookSecretRotatedEvent("acme", Environment.SANDBOX, WebhookSecret.generate(), null, null,
                T0.plusSeconds(1)));
        assertThat(directory.handle(sandbox)).isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, false, true));

        directory.on(new WebhookConfiguredEvent("acme", Environment.SANDBOX, "https://acme.example/hooks", List.of(),
                T0.plusSeconds(2)));
        PartnerSettings changed = PartnerSettings.DEFAULTS.with(new PartnerSettingsPatch(30, null, null, null, null,
                null, null));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.SANDBOX, changed, T0.plusSeconds(3)));
        assertThat(directory.handle(sandbox)).isEqualTo(new LinkSettings(changed, true, true));
        // The other environment has its own webhooks.
        assertThat(directory.handle(new FindLinkSettingsQuery("acme", Environment.LIVE)))
                .isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, false, false));

        // Removing the URL removes the target; the secret stays (rotated, never removed).
        directory.on(new WebhookConfiguredEvent("acme", Environment.SANDBOX, null, List.of(), T0.plusSeconds(4)));
        assertThat(directory.handle(sandbox)).isEqualTo(new LinkSettings(changed, false, true));
    }

    @Test
    void aWebhookEventBeforeTheEnvironmentsSettingsKeepsItsFlagWithDefaultSettings() {
        directory.on(new PartnerCreatedEvent("acme", "Acme Remit", T0));
        directory.on(new WebhookConfiguredEvent("acme", Environment.LIVE, "https://acme.example/hooks", List.of(), T0));

        assertThat(directory.handle(new FindLinkSettingsQuery("acme", Environment.LIVE)))
                .isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, true, false));
        PartnerSettings changed = PartnerSettings.DEFAULTS.with(new PartnerSettingsPatch(15, null, null, null, null,
                null, null));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.LIVE, changed, T0.plusSeconds(1)));
        assertThat(directory.handle(new FindLinkSettingsQuery("acme", Environment.LIVE)))
                .isEqualTo(new LinkSettings(changed, true, false));
    }

    @Test
    void theKeyLookupReadsItsTenantInTheSameStatementAndTheRequestReusesIt() {
        createPartner("acme", "Acme Remit", T0);
        directory.on(new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0));
        directory.on(new WebhookConfiguredEvent("acme", Environment.SANDBOX, "https://acme.example/hooks", List.of(),
                T0));
        MockHttpServletRequest request = new MockHttpServletRequest();

        assertThat(directory.findApiKey(request, "hash-1")).contains(
                new ApiKeyLookup("acme", Environment.SANDBOX, "m2m_test_ab1", false, true));
        // Gone from the table, still known to this request: the rate limiter and the command read nothing more.
        db.jdbc().update("DELETE FROM partner_settings");
        assertThat(directory.settings(request, "acme", Environment.SANDBOX)).isEqualTo(PartnerSettings.DEFAULTS);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            assertThat(directory.handle(new FindLinkSettingsQuery("acme", Environment.SANDBOX)))
                    .isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, true, false));
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        // Another request reads again.
        assertThat(directory.handle(new FindLinkSettingsQuery("acme", Environment.SANDBOX)))
                .isEqualTo(new LinkSettings(PartnerSettings.DEFAULTS, false, false));
    }
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.m2m.domain.testing.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Partner} aggregate: creation, keys, suspension and settings (docs/domain.md "Partners"), and webhook
 * configuration and secret rotation (docs/api.md "Webhook configuration", docs/webhooks.md).
 */
class PartnerTest {

    private static final String PARTNER = "acme";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T10:10:00Z");
    private static final String TEST_KEY = "m2m_test_ab1CDEfgh23456789012345678901abc";
    private static final String LIVE_KEY = "m2m_live_Zy9XWvu87654321098765432100zyxwv";
    private static final String TEST_PREFIX = ApiKeys.listingPrefix(TEST_KEY);
    private static final String LIVE_PREFIX = ApiKeys.listingPrefix(LIVE_KEY);
    private static final PartnerSettingsPatch NOTHING = new PartnerSettingsPatch(null, null, null, null, null, null,
            null);

    private FixtureConfiguration<Partner> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Partner.class);
    }

    // ---------------------------------------------------------------- creation

    @Test
    void creatingAPartnerRecordsItAndTheDefaultSettingsOfBothEnvironments() {
        fixture.givenNoPriorActivity()
                .when(new CreatePartnerCommand(PARTNER, "Acme Remittances", T0))
                .expectEvents(
                        new PartnerCreatedEvent(PARTNER, "Acme Remittances", T0),
                        new PartnerSettingsChangedEvent(PARTNER, Environment.SANDBOX, PartnerSettings.DEFAULTS, T0),
                        new PartnerSettingsChangedEvent(PARTNER, Environment.LIVE, PartnerSettings.DEFAULTS, T0));
    }

    @Test
    void theDefaultSettingsAreThoseOfTheSpec() {
        PartnerSettings defaults = PartnerSettings.DEFAULTS;
        assertThat(defaults.defaultExpiresInMinutes()).isEqualTo(60);
        assertThat(defaults.cipRequiredFields()).containsExactly("name.firstName", "name.secondName",
                "name.lastName", "name.secondLastName", "idNumber", "idType", "dob");
        assertThat(defaults.allowedPaymentMethods()).containsExactly("bank_account", "cash");
        assertThat(defaults.allowedEmbedOrigins()).isEmpty();
        assertThat(defaults.createLinksPerMinute()).isNull();
        assertThat(defaults.requestsPerMinute()).isNull();
    }

    // ---------------------------------------------------------------- keys

    @Test
    void issuingAKeyRecordsItsPrefixAndHash() {
        fixture.given(history())
                .when(new IssueApiKeyCommand(PARTNER, Environment.SANDBOX, drawing(TEST_KEY), T1))
                .expectEvents(new ApiKeyIssuedEvent(PARTNER, Environment.SANDBOX, TEST_PREFIX, ApiKeys.hash(TEST_KEY),
                        T1))
                .expectResultMessagePayload(new IssuedApiKey(TEST_KEY, TEST_PREFIX));
    }

    @Test
    void aPartnerMayHoldKeysInBothEnvironments() {
        fixture.given(history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY)))
                .when(new IssueApiKeyCommand(PARTNER, Environment.LIVE, drawing(LIVE_KEY), T2))
                .expectEvents(new ApiKeyIssuedEvent(PARTNER, Environment.LIVE, LIVE_PREFIX, ApiKeys.hash(LIVE_KEY),
                        T2));
    }

    @Test
    void aKeyWhosePrefixIsInUseIsDrawnAgainInsideTheDecision() {
        String colliding = TEST_PREFIX + "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ";
        String fresh = "m2m_test_Qq7" + "r".repeat(29);
        fixture.given(history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY)))
                .when(new IssueApiKeyCommand(PARTNER, Environment.SANDBOX, drawing(colliding, fresh), T2))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyIssuedEvent(PARTNER, Environment.SANDBOX, "m2m_test_Qq7", ApiKeys.hash(fresh),
                        T2))
                .expectResultMessagePayload(new IssuedApiKey(fresh, "m2m_test_Qq7"));
    }

    @Test
    void aRevokedKeysPrefixStaysTaken() {
        String colliding = TEST_PREFIX + "f".repeat(29);
        String fresh = "m2m_test_Qq7" + "r".repeat(29);
        fixture.given(history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY),
                        new ApiKeyRevokedEvent(PARTNER, Environment.SANDBOX, TEST_PREFIX, ApiKeys.hash(TEST_KEY), T1)))
                .when(new IssueApiKeyCommand(PARTNER, Environment.SANDBOX, drawing(colliding, fresh), T2))
                .expectEvents(new ApiKeyIssuedEvent(PARTNER, Environment.SANDBOX, "m2m_test_Qq7", ApiKeys.hash(fresh),
                        T2));
    }

    @Test
    void aGeneratorThatOnlyCollidesIsAnInvalidStateNotACrash() {
        ApiKeyGenerator alwaysTaken = environment -> TEST_PREFIX + "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ";
        refused(fixture, new IssueApiKeyCommand(PARTNER, Environment.SANDBOX, alwaysTaken, T2),
                InvalidStateException.class, history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY)));
    }

    /** A generator answering {@code keys} in order (the last one again once they run out). */
    private static ApiKeyGenerator drawing(String... keys) {
        int[] next = {0};
        return environment -> keys[Math.min(next[0]++, keys.length - 1)];
    }

    @Test
    void revokingAKeyRecordsItWithItsEnvironmentAndHash() {
        fixture.given(history(issued(Environment.LIVE, LIVE_PREFIX, LIVE_KEY)))
                .when(new RevokeApiKeyCommand(PARTNER, LIVE_PREFIX, T2))
                .expectEvents(new ApiKeyRevokedEvent(PARTNER, Environment.LIVE, LIVE_PREFIX, ApiKeys.hash(LIVE_KEY),
                        T2));
    }

    @Test
    void revokingAnUnknownPrefixIsNotFound() {
        refused(fixture, new RevokeApiKeyCommand(PARTNER, "m2m_test_zzz", T2), ResourceNotFoundException.class,
                history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY)));
    }

    @Test
    void revokingAKeyTwiceIsAnInvalidState() {
        refused(fixture, new RevokeApiKeyCommand(PARTNER, TEST_PREFIX, T2), InvalidStateException.class,
                history(issued(Environment.SANDBOX, TEST_PREFIX, TEST_KEY),
                        new ApiKeyRevokedEvent(PARTNER, Environment.SANDBOX, TEST_PREFIX, ApiKeys.hash(TEST_KEY), T1)));
    }

    // ---------------------------------------------------------------- suspension

    @Test
    void anActivePartnerIsSuspended() {
        fixture.given(history())
                .when(new SuspendPartnerCommand(PARTNER, T1))
                .expectEvents(new PartnerSuspendedEvent(PARTNER, T1));
    }

    @Test
    void suspendingASuspendedPartnerIsAnInvalidState() {
        refused(fixture, new SuspendPartnerCommand(PARTNER, T2), InvalidStateException.class,
                history(new PartnerSuspendedEvent(PARTNER, T1)));
    }

    @Test
    void aSuspendedPartnerIsReactivated() {
        fixture.given(history(new PartnerSuspendedEvent(PARTNER, T1)))
                .when(new ReactivatePartnerCommand(PARTNER, T2))
                .expectEvents(new PartnerReactivatedEvent(PARTNER, T2));
    }

    @Test
    void reactivatingAnActivePartnerIsAnInvalidState() {
        refused(fixture, new ReactivatePartnerCommand(PARTNER, T1), InvalidStateException.class, history());
    }

    @Test
    void reactivatingTwiceIsAnInvalidState() {
        refused(fixture, new ReactivatePartnerCommand(PARTNER, T2), InvalidStateException.class,
                history(new PartnerSuspendedEvent(PARTNER, T1), new PartnerReactivatedEvent(PARTNER, T1)));
    }

    @Test
    void aReactivatedPartnerCanBeSuspendedAgain() {
        fixture.given(history(new PartnerSuspendedEvent(PARTNER, T1), new PartnerReactivatedEvent(PARTNER, T1)))
                .when(new SuspendPartnerCommand(PARTNER, T2))
                .expectEvents(new PartnerSuspendedEvent(PARTNER, T2));
    }

    // ---------------------------------------------------------------- settings

    @Test
    void aPatchChangesOnlyItsNonNullMembers() {
        PartnerSettingsPatch patch = new PartnerSettingsPatch(null, null, null, "dark", null, 30, null);
        PartnerSettings expected = new PartnerSettings(60, PartnerSettings.DEFAULTS.cipRequiredFields(),
                List.of("bank_account", "cash"), "dark", List.of(), 30, null);

        patchingChanges(Environment.LIVE, patch, expected);
    }

    @Test
    void everyMemberCanBePatched() {
        PartnerSettingsPatch patch = new PartnerSettingsPatch(15, List.of("name.firstName", "dob"),
                List.of("cash"), "dark", List.of("https://shop.example.com"), 5, 100);
        PartnerSettings expected = new PartnerSettings(15, List.of("name.firstName", "dob"), List.of("cash"), "dark",
                List.of("https://shop.example.com"), 5, 100);

        patchingChanges(Environment.SANDBOX, patch, expected);
    }

    @Test
    void patchesAccumulateAndLeaveTheOtherEnvironmentAlone() {
        PartnerSettings liveDark = PartnerSettings.DEFAULTS.with(
                new PartnerSettingsPatch(null, null, null, "dark", null, null, null));
        PartnerSettings expected = new PartnerSettings(30, PartnerSettings.DEFAULTS.cipRequiredFields(),
                List.of("bank_account", "cash"), "dark", List.of(), null, null);

        fixture.given(history(new PartnerSettingsChangedEvent(PARTNER, Environment.LIVE, liveDark, T1)))
                .when(new ChangePartnerSettingsCommand(PARTNER, Environment.LIVE,
                        new PartnerSettingsPatch(30, null, null, null, null, null, null), T2))
                .expectEvents(new PartnerSettingsChangedEvent(PARTNER, Environment.LIVE, expected, T2))
                .expectResultMessagePayload(expected);
    }

    @Test
    void theOtherEnvironmentKeepsItsSettings() {
        PartnerSettings liveDark = PartnerSettings.DEFAULTS.with(
                new PartnerSettingsPatch(null, null, null, "dark", null, null, null));

        assertSandboxKeepsTheDefaults(
                history(new PartnerSettingsChangedEvent(PARTNER, Environment.LIVE, liveDark, T1)), NOTHING, T2);
    }

    @Test
    void anEmptyPatchEmitsNothing() {
        assertSandboxKeepsTheDefaults(history(), NOTHING, T1);
    }

    @Test
    void aPatchRepeatingTheCurrentValuesEmitsNothing() {
        PartnerSettingsPatch same = new PartnerSettingsPatch(60, PartnerSettings.DEFAULTS.cipRequiredFields(),
                List.of("bank_account", "cash"), "light", List.of(), null, null);

        assertSandboxKeepsTheDefaults(history(), same, T1);
    }

    /** {@code patch} applied to the sandbox after {@code history} emits nothing and answers the default settings. */
    private void assertSandboxKeepsTheDefaults(List<Object> history, PartnerSettingsPatch patch, Instant at) {
        fixture.given(history)
                .when(new ChangePartnerSettingsCommand(PARTNER, Environment.SANDBOX, patch, at))
                .expectNoEvents()
                .expectResultMessagePayload(PartnerSettings.DEFAULTS);
    }

    @Test
    void settingsWithIgnoresNullMembers() {
        PartnerSettings base = new PartnerSettings(45, List.of("dob"), List.of("cash"), "dark",
                List.of("https://a.example"), 7, 70);
        assertThat(base.with(NOTHING)).isEqualTo(base);
        assertThat(base.with(new PartnerSettingsPatch(null, null, null, null, null, null, 99)))
                .isEqualTo(new PartnerSettings(45, List.of("dob"), List.of("cash"), "dark",
                        List.of("https://a.example"), 7, 99));
    }

    // ---------------------------------------------------------------- webhooks

    private static final WebhookSecret FIRST_SECRET = new WebhookSecret("whsec_" + "A".repeat(43));
    private static final WebhookSecret SECOND_SECRET = new WebhookSecret("whsec_" + "B".repeat(43));
    private static final WebhookSecret UNUSED_SECRET = new WebhookSecret("whsec_" + "C".repeat(43));
    private static final List<String> EVENTS = List.of("link.created", "user.data_request");

    @Test
    void configuringWebhooksTheFirstTimeRecordsTheTargetAndTheInitialSecretAndReturnsIt() {
        assertFirstConfiguration(history(), Environment.SANDBOX, FIRST_SECRET, T1);
    }

    @Test
    void changingTheUrlLaterDoesNotRotateTheSecretAndReturnsNull() {
        fixture.given(history(
                        firstConfigured(Environment.SANDBOX, "https://hooks.acme.example/m2m", FIRST_SECRET, T1)))
                .when(new ConfigureWebhookCommand(PARTNER, Environment.SANDBOX, "https://new.acme.example/hooks",
                        List.of("link.created"), UNUSED_SECRET, T2))
                .expectEvents(new WebhookConfiguredEvent(PARTNER, Environment.SANDBOX,
                        "https://new.acme.example/hooks", List.of("link.created"), T2))
                .expectResultMessagePayload(null);
    }

    @Test
    void eachEnvironmentGetsItsOwnInitialSecret() {
        assertFirstConfiguration(
                history(firstConfigured(Environment.SANDBOX, "http://localhost:9000/hooks", FIRST_SECRET, T1)),
                Environment.LIVE, SECOND_SECRET, T2);
    }

    /** {@code environment}'s first webhook configuration records its target with {@code secret}, and answers it. */
    private void assertFirstConfiguration(List<Object> history, Environment environment, WebhookSecret secret,
                                          Instant at) {
        fixture.given(history)
                .when(new ConfigureWebhookCommand(PARTNER, environment, "https://hooks.acme.example/m2m", EVENTS,
                        secret, at))
                .expectEvents(firstConfigured(environment, "https://hooks.acme.example/m2m", secret, at))
                .expectResultMessagePayload(secret);
    }

    @Test
    void rotatingReplacesTheSecretAndKeepsThePreviousOneFor24Hours() {
        Instant until = T2.plus(Duration.ofHours(24));
        fixture.given(history(
                        firstConfigured(Environment.SANDBOX, "https://hooks.acme.example/m2m", FIRST_SECRET, T1)))
                .when(new RotateWebhookSecretCommand(PARTNER, Environment.SANDBOX, SECOND_SECRET, T2))
                .expectEvents(new WebhookSecretRotatedEvent(PARTNER, Environment.SANDBOX, SECOND_SECRET,
                        FIRST_SECRET, until, T2))
                .expectResultMessagePayload(until);
        assertThat(Partner.PREVIOUS_SECRET_OVERLAP).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void rotatingTwiceNamesTheLatestSecretAsPrevious() {
        Instant t3 = T2.plus(Duration.ofMinutes(5));
        WebhookSecret third = new WebhookSecret("whsec_" + "D".repeat(43));
        fixture.given(history(
                        initialSecret(Environment.SANDBOX, FIRST_SECRET, T1),
                        new WebhookSecretRotatedEvent(PARTNER, Environment.SANDBOX, SECOND_SECRET, FIRST_SECRET,
                                T2.plus(Duration.ofHours(24)), T2)))
                .when(new RotateWebhookSecretCommand(PARTNER, Environment.SANDBOX, third, t3))
                .expectEvents(new WebhookSecretRotatedEvent(PARTNER, Environment.SANDBOX, third, SECOND_SECRET,
                        t3.plus(Duration.ofHours(24)), t3))
                .expectResultMessagePayload(t3.plus(Duration.ofHours(24)));
    }

    @Test
    void rotatingWithoutAPriorSecretHasNoPreviousAndReturnsNull() {
        assertFirstRotation(history(), Environment.SANDBOX);
    }

    @Test
    void rotatingOneEnvironmentIgnoresTheOtherEnvironmentsSecret() {
        assertFirstRotation(
                history(initialSecret(Environment.SANDBOX, FIRST_SECRET, T1)),
                Environment.LIVE);
    }

    /** A rotation at T2 of {@code environment}, which has no secret yet: SECOND_SECRET, no previous one, no answer. */
    private void assertFirstRotation(List<Object> history, Environment environment) {
        fixture.given(history)
                .when(new RotateWebhookSecretCommand(PARTNER, environment, SECOND_SECRET, T2))
                .expectEvents(initialSecret(environment, SECOND_SECRET, T2))
                .expectResultMessagePayload(null);
    }

    @Test
    void configuringAfterARotationWithoutATargetKeepsTheRotatedSecret() {
        // A secret may exist before any URL (regenerated first): the first configuration must not replace it.
        fixture.given(history(
                        initialSecret(Environment.SANDBOX, FIRST_SECRET, T1)))
                .when(new ConfigureWebhookCommand(PARTNER, Environment.SANDBOX, "https://hooks.acme.example/m2m",
                        EVENTS, UNUSED_SECRET, T2))
                .expectEvents(new WebhookConfiguredEvent(PARTNER, Environment.SANDBOX,
                        "https://hooks.acme.example/m2m", EVENTS, T2))
                .expectResultMessagePayload(null);
    }

    // ---------------------------------------------------------------- helpers

    /** Patching a new partner's {@code environment} records and answers the {@code expected} settings. */
    private void patchingChanges(Environment environment, PartnerSettingsPatch patch, PartnerSettings expected) {
        fixture.given(history())
                .when(new ChangePartnerSettingsCommand(PARTNER, environment, patch, T1))
                .expectEvents(new PartnerSettingsChangedEvent(PARTNER, environment, expected, T1))
                .expectResultMessagePayload(expected);
    }

    /** What CreatePartnerCommand records, followed by {@code later}. */
    private static List<Object> history(Object... later) {
        List<Object> events = new ArrayList<>(List.of(
                new PartnerCreatedEvent(PARTNER, "Acme Remittances", T0),
                new PartnerSettingsChangedEvent(PARTNER, Environment.SANDBOX, PartnerSettings.DEFAULTS, T0),
                new PartnerSettingsChangedEvent(PARTNER, Environment.LIVE, PartnerSettings.DEFAULTS, T0)));
        events.addAll(List.of(later));
        return events;
    }

    /** What the first ConfigureWebhookCommand of an environment records: the target, then its initial secret. */
    private static Object[] firstConfigured(Environment environment, String url, WebhookSecret secret, Instant at) {
        return new Object[]{new WebhookConfiguredEvent(PARTNER, environment, url, EVENTS, at),
                initialSecret(environment, secret, at)};
    }

    /** An environment's first secret: a rotation with no previous secret (so none in a grace period). */
    private static WebhookSecretRotatedEvent initialSecret(Environment environment, WebhookSecret secret, Instant at) {
        return new WebhookSecretRotatedEvent(PARTNER, environment, secret, null, null, at);
    }

    private static ApiKeyIssuedEvent issued(Environment environment, String prefix, String key) {
        return new ApiKeyIssuedEvent(PARTNER, environment, prefix, ApiKeys.hash(key), T0);
    }

    // ---------------------------------------------------------------- the first callbackUrl's secret

    @Test
    void theFirstCallbackUrlOfAnEnvironmentWithoutASecretCreatesOne() {
        fixture.given(new PartnerCreatedEvent(PARTNER, "Acme", T0))
                .when(new EnsureWebhookSecretCommand(PARTNER, Environment.SANDBOX, FIRST_SECRET, T1))
                .expectEvents(initialSecret(Environment.SANDBOX, FIRST_SECRET, T1))
                .expectResultMessagePayload(FIRST_SECRET);
    }

    @Test
    void anEnvironmentThatHasASecretKeepsItAndAnswersNothing() {
        ensuringOnceTheSandboxHasASecret(Environment.SANDBOX)
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }

    @Test
    void theOtherEnvironmentsSecretDoesNotCount() {
        ensuringOnceTheSandboxHasASecret(Environment.LIVE)
                .expectEvents(initialSecret(Environment.LIVE, SECOND_SECRET, T2))
                .expectResultMessagePayload(SECOND_SECRET);
    }

    /** Ensuring {@code environment} has a secret (offering SECOND_SECRET at T2) once the sandbox got FIRST_SECRET. */
    private ResultValidator<Partner> ensuringOnceTheSandboxHasASecret(Environment environment) {
        return fixture.given(new PartnerCreatedEvent(PARTNER, "Acme", T0),
                        initialSecret(Environment.SANDBOX, FIRST_SECRET, T1))
                .when(new EnsureWebhookSecretCommand(PARTNER, environment, SECOND_SECRET, T2));
    }

    @Test
    void aSecretConfiguredWithTheWebhookUrlCountsToo() {
        fixture.given(new PartnerCreatedEvent(PARTNER, "Acme", T0))
                .andGivenCommands(new ConfigureWebhookCommand(PARTNER, Environment.SANDBOX, "https://hooks.acme.example/m2m",
                        java.util.List.of("link.created"), FIRST_SECRET, T1))
                .when(new EnsureWebhookSecretCommand(PARTNER, Environment.SANDBOX, SECOND_SECRET, T2))
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }
}

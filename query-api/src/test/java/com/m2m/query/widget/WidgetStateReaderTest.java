package com.m2m.query.widget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.query.link.LinkProjections;
import com.m2m.query.operation.OperationViewProjection;
import com.m2m.query.partner.PartnerDirectoryProjection;
import com.m2m.query.testing.QueryDatabaseTest;
import com.m2m.query.user.UserViewProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WidgetStateReaderTest extends QueryDatabaseTest {

    private static final String REF = "user_12345";
    private static final String USER = Identifiers.userId("acme", Environment.SANDBOX, REF);
    private static final String LINK = "link_acme_a1b2c3d4e5f6";

    private PartnerDirectoryProjection directory;
    private LinkProjections links;
    private UserViewProjection users;
    private OperationViewProjection operations;
    private WidgetStateReader reader;

    @BeforeEach
    void setUp() {
        clock.set(T0.plusSeconds(60));
        directory = new PartnerDirectoryProjection(db.jdbc());
        links = new LinkProjections(db.jdbc(), clock, "https://m2m.example");
        users = new UserViewProjection(db.jdbc(), clock);
        operations = new OperationViewProjection(db.jdbc());
        reader = new WidgetStateReader(links.queries(), users, operations, directory);

        directory.on(new PartnerCreatedEvent("acme", "Acme Remit", T0));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.SANDBOX, settings("dark"), T0));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.LIVE, settings("light"), T0));
        users.on(new UserCreatedEvent(USER, "acme", Environment.SANDBOX, REF,
                List.copyOf(CipRequirements.DEFAULT_REQUIRED), T0));
    }

    private static PartnerSettings settings(String theme) {
        return new PartnerSettings(60, CipRequirements.defaultRequiredPaths(), List.of("bank_account", "cash"), theme,
                List.of(), null, null);
    }

    private LinkCreatedEvent link(String theme, String language) {
        LinkCreatedEvent event = new LinkCreatedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, "token-hash",
                new LinkOptions(Map.of(), null, theme, language, null), T0.plusSeconds(3600), T0);
        links.on(event);
        return event;
    }

    private static WidgetSession session() {
        return new WidgetSession(LINK, USER, "acme", Environment.SANDBOX, T0.plusSeconds(1800));
    }

    private void merge(UserField field, String value, FieldSource source) {
        users.on(new FieldMergedEvent(USER, field, source, new PersonalData(value), null, T0));
    }

    private void status(UserStatus from, UserStatus to, List<UserField> missing) {
        users.on(new UserStatusChangedEvent(USER, from, to, missing, T0.plusSeconds(1)));
    }

    /** The link opened by a user whose identity is complete and verified, with a payment method. */
    private void verifiedUserWithAPaymentMethodOnTheLink() {
        link(null, null);
        completeIdentity();
        paymentMethod();
        status(UserStatus.DATA_COMPLETE, UserStatus.CIP_VERIFIED, List.of());
    }

    /** Every required field, from the partner. */
    private void completeIdentity() {
        merge(UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API);
        merge(UserField.SECOND_NAME, "Carlos", FieldSource.PARTNER_API);
        merge(UserField.LAST_NAME, "Pérez", FieldSource.PARTNER_API);
        merge(UserField.SECOND_LAST_NAME, "García", FieldSource.PARTNER_API);
        merge(UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API);
        merge(UserField.ID_TYPE, "CURP", FieldSource.PARTNER_API);
        merge(UserField.DOB, "1990-05-15", FieldSource.PARTNER_WEBHOOK);
        status(UserStatus.PENDING, UserStatus.DATA_COMPLETE, List.of());
    }

    private void paymentMethod() {
        merge(UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(), FieldSource.WIDGET);
    }

    private OperationCreatedEvent operation(Instant at) {
        OperationCreatedEvent event = new OperationCreatedEvent("op_acme_abc123", USER, LINK, "acme",
                Environment.SANDBOX, REF, "qt_1",
                new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1725.00"), new BigDecimal("17.25"),
                        new BigDecimal("3.99"), "USD", "MXN"),
                new PayoutSummary("bank_account", "MX", "5558"),
                new PersonalData(PaymentMethod.bankAccount("MX", CLABE).encode()), at);
        operations.on(event);
        return event;
    }

    @Test
    void newUserGoesToDetailsWithNothingPrefilled() {
        link("dark", "es");

        WidgetState state = reader.state(session());
        assertThat(state.link()).isEqualTo(new WidgetState.LinkState(LINK, "created", T0.plusSeconds(3600), "es",
                "dark", "Acme Remit"));
        assertThat(state.user().status()).isEqualTo("pending");
        assertThat(state.user().missingFields()).containsExactly("name.firstName", "name.secondName",
                "name.lastName", "name.secondLastName", "idNumber", "idType", "dob");
        assertThat(state.user().prefilled()).isEmpty();
        assertThat(state.user().sources()).isEmpty();
        assertThat(state.user().paymentMethod()).isNull();
        assertThat(state.nextStep()).isEqualTo("details");
        assertThat(state.operation()).isNull();
    }

    @Test
    void partlyKnownUserGoesToDetailsWithMasksAndSources() {
        link(null, null);
        merge(UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API);
        merge(UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_WEBHOOK);
        status(UserStatus.PENDING, UserStatus.DATA_INCOMPLETE, List.of(UserField.SECOND_NAME, UserField.DOB));

        WidgetState state = reader.state(session());
        assertThat(state.user().status()).isEqualTo("data_incomplete");
        assertThat(state.user().missingFields()).containsExactly("name.secondName", "dob");
        assertThat(state.user().prefilled())
                .containsExactly(Map.entry("name.firstName", "J***"), Map.entry("idNumber", "****RL09"));
        assertThat(state.user().sources())
                .containsExactly(Map.entry("name.firstName", "partner_api"), Map.entry("idNumber", "partner_webhook"));
        assertThat(state.nextStep()).isEqualTo("details");
    }

    @Test
    void completeIdentityWithoutPaymentMethodStillGoesToDetails() {
        link(null, null);
        completeIdentity();

        WidgetState state = reader.state(session());
        assertThat(state.user().missingFields()).isEmpty();
        assertThat(state.user().paymentMethod()).isNull();
        assertThat(state.nextStep()).isEqualTo("details");
    }

    @Test
    void unverifiedUserWithEverythingGoesToVerifyWhateverTheVerificationStage() {
        link(null, null);
        completeIdentity();
        paymentMethod();
        assertThat(reader.state(session()).nextStep()).isEqualTo("verify");
        assertThat(reader.state(session()).user().paymentMethod())
                .isEqualTo(new WidgetState.PaymentMethodState("bank_account", "MX", "5558"));

        status(UserStatus.DATA_COMPLETE, UserStatus.CIP_PENDING, List.of());
        WidgetState pending = reader.state(session());
        assertThat(pending.user().status()).isEqualTo("cip_pending");
        assertThat(pending.nextStep()).isEqualTo("verify");

        status(UserStatus.CIP_PENDING, UserStatus.CIP_FAILED, List.of());
        WidgetState failed = reader.state(session());
        assertThat(failed.user().status()).isEqualTo("cip_failed");
        assertThat(failed.nextStep()).isEqualTo("verify");
    }

    @Test
    void verifiedUserWithPaymentMethodGoesToSend() {
        verifiedUserWithAPaymentMethodOnTheLink();

        WidgetState state = reader.state(session());
        assertThat(state.user().status()).isEqualTo("cip_verified");
        assertThat(state.nextStep()).isEqualTo("send");
        assertThat(state.user().prefilled()).containsExactlyEntriesOf(inOrder(
                "name.firstName", "J***", "name.secondName", "C***", "name.lastName", "P***",
                "name.secondLastName", "G***", "idNumber", "****RL09", "idType", "CURP", "dob", "****-**-15",
                "paymentMethod", "\u2022\u2022\u2022\u2022 5558"));
        assertThat(state.user().sources()).containsEntry("dob", "partner_webhook")
                .containsEntry("paymentMethod", "widget").containsEntry("idType", "partner_api");
    }

    @Test
    void anOperationMeansDoneEvenBeforeTheLinkIsRecordedCompleted() {
        verifiedUserWithAPaymentMethodOnTheLink();
        operation(T0.plusSeconds(40));

        WidgetState state = reader.state(session());
        assertThat(state.nextStep()).isEqualTo("done");
        assertThat(state.operation()).isNotNull();
        assertThat(state.operation().operationId()).isEqualTo("op_acme_abc123");
        assertThat(state.operation().status()).isEqualTo("created");
        assertThat(state.operation().amount().send()).isEqualTo(new BigDecimal("100.00"));
        assertThat(state.operation().payout().accountLast4()).isEqualTo("5558");
    }

    @Test
    void aCompletedLinkIsDoneWithItsOperation() {
        verifiedUserWithAPaymentMethodOnTheLink();
        operation(T0.plusSeconds(40));
        links.on(new LinkCompletedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, "op_acme_abc123",
                T0.plusSeconds(40)));
        clock.set(T0.plusSeconds(7200)); // completed is terminal: not expired by time

        WidgetState state = reader.state(session());
        assertThat(state.link().status()).isEqualTo("completed");
        assertThat(state.nextStep()).isEqualTo("done");
        assertThat(state.operation().operationId()).isEqualTo("op_acme_abc123");
    }

    @Test
    void aCompletedLinkIsDoneEvenWithoutAnOperationInTheView() {
        link(null, null);
        links.on(new LinkCompletedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, "op_acme_abc123",
                T0.plusSeconds(40)));
        WidgetState state = reader.state(session());
        assertThat(state.nextStep()).isEqualTo("done");
        assertThat(state.operation()).isNull();
    }

    @Test
    void linkStatusIsTheEffectiveOne() {
        link(null, null);
        clock.set(T0.plusSeconds(3599));
        assertThat(reader.state(session()).link().status()).isEqualTo("created");
        clock.set(T0.plusSeconds(3600)); // time is up, though no expiry was recorded
        assertThat(reader.state(session()).link().status()).isEqualTo("expired");

        links.on(new LinkRevokedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, null, T0.plusSeconds(3500)));
        assertThat(reader.state(session()).link().status()).isEqualTo("revoked");
    }

    @Test
    void aRevokedOrExpiredLinkAnswersOnlyItsEndNeverThePrefill() {
        link(null, null);
        completeIdentity();
        assertThat(reader.state(session()).user().prefilled()).isNotEmpty();

        links.on(new LinkRevokedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, null, T0.plusSeconds(30)));
        WidgetState revoked = reader.state(session());
        assertThat(revoked.link().status()).isEqualTo("revoked");
        assertThat(revoked.user()).isNull();
        assertThat(revoked.nextStep()).isEqualTo("done");
        assertThat(revoked.operation()).isNull();
    }

    @Test
    void aLinkWhoseTimeRanOutAnswersOnlyItsEnd() {
        link(null, null);
        completeIdentity();
        clock.set(T0.plusSeconds(3600));
        WidgetState expired = reader.state(session());
        assertThat(expired.link().status()).isEqualTo("expired");
        assertThat(expired.user()).isNull();
    }

    @Test
    void aCompletedLinkKeepsItsOperationButNotTheUser() {
        link(null, null);
        completeIdentity();
        paymentMethod();
        operation(T0.plusSeconds(40));
        links.on(new LinkCompletedEvent(LINK, USER, "acme", Environment.SANDBOX, REF, "op_acme_abc123",
                T0.plusSeconds(40)));
        WidgetState completed = reader.state(session());
        assertThat(completed.user()).isNull();
        assertThat(completed.operation().operationId()).isEqualTo("op_acme_abc123");
    }

    @Test
    void themeFallsBackToThePartnersSettingForTheEnvironment() {
        link(null, null);
        WidgetState.LinkState fallback = reader.state(session()).link();
        assertThat(fallback.theme()).isEqualTo("dark");
        assertThat(fallback.language()).isNull();
        assertThat(fallback.partnerName()).isEqualTo("Acme Remit");

        links.reset();
        link("light", "en");
        WidgetState.LinkState own = reader.state(session()).link();
        assertThat(own.theme()).isEqualTo("light");
        assertThat(own.language()).isEqualTo("en");
    }

    @Test
    void themeFallsBackToTheDefaultsWhenThePartnerHasNoSettingsYet() {
        directory.reset();
        directory.on(new PartnerCreatedEvent("acme", "Acme Remit", T0));
        link(null, null);
        assertThat(reader.state(session()).link().theme()).isEqualTo(PartnerSettings.DEFAULTS.theme());
    }

    @Test
    void theStateCarriesMasksOnlyNeverAFullPersonalValue() throws Exception {
        link(null, null);
        completeIdentity();
        paymentMethod();
        merge(UserField.ID_IMAGE, "data:image/png;base64,iVBORw0KGgoSECRETIMAGE", FieldSource.WIDGET);
        status(UserStatus.DATA_COMPLETE, UserStatus.CIP_VERIFIED, List.of());
        operation(T0.plusSeconds(40));

        WidgetState state = reader.state(session());
        assertThat(state.user().prefilled()).containsEntry("idImage", "provided");
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(state);
        assertThat(json).doesNotContain("Juan", "Carlos", "Pérez", "García", ID_NUMBER, "GAPA", "1990-05", CLABE,
                "0140270", "SECRETIMAGE", "iVBOR", "token-hash");
        assertThat(db.everything()).doesNotContain("Juan", "Carlos", "Pérez", "García", ID_NUMBER, "1990-05", CLABE,
                "SECRETIMAGE");
    }

    @Test
    void aSessionOfAnotherTenantOrAnUnknownLinkFindsNothing() {
        link(null, null);
        for (WidgetSession foreign : List.of(
                new WidgetSession(LINK, USER, "acme", Environment.LIVE, T0.plusSeconds(1800)),
                new WidgetSession(LINK, USER, "other", Environment.SANDBOX, T0.plusSeconds(1800)),
                new WidgetSession("link_acme_000000000000", USER, "acme", Environment.SANDBOX, T0.plusSeconds(1800)))) {
            assertThatThrownBy(() -> reader.state(foreign))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessage("Link not found");
        }
    }

    /** A map of {@code key, value, key, value, ...} in that order (the prefilled masks come in field order). */
    private static Map<String, String> inOrder(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

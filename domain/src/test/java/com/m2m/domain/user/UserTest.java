package com.m2m.domain.user;

import com.m2m.domain.common.Environment;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.m2m.domain.user.UserFixtures.userFixture;
import static com.m2m.domain.user.UserFixtures.statusChanged;
import static com.m2m.domain.user.UserFixtures.ignored;
import static com.m2m.domain.user.UserFixtures.merged;
import static com.m2m.domain.user.UserFixtures.identity;
import static com.m2m.domain.user.UserFixtures.USER_ID;
import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.PARTNER_WEBHOOK;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_IMAGE;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.PAYMENT_METHOD;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static com.m2m.domain.user.UserStatus.CIP_VERIFIED;
import static com.m2m.domain.user.UserStatus.DATA_COMPLETE;
import static com.m2m.domain.user.UserStatus.DATA_INCOMPLETE;
import static com.m2m.domain.user.UserStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link User} aggregate under {@link MergeUserDataCommand}: field precedence (docs/domain.md "Field precedence")
 * and CIP re-evaluation (docs/domain.md "CIP"), in given (events) / when (command) / expect (events, outcome) form.
 */
class UserTest {

    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T11:00:00Z");
    private static final Instant VERIFIED_AT = Instant.parse("2025-03-01T10:30:00Z");
    private static final Set<UserField> DEFAULT = CipRequirements.DEFAULT_REQUIRED;
    private static final List<UserField> ALL_REQUIRED = List.of(
            FIRST_NAME, SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE, DOB);

    /** The complete identity every "given a complete user" scenario starts from. */
    private static final Map<UserField, String> IDENTITY = identity();
    private static final String BANK_ACCOUNT = PaymentMethod.bankAccount("MX", "012180999999999995").encode();

    private final FixtureConfiguration<User> fixture = userFixture();

    // ---------------------------------------------------------------- precedence

    @Nested
    class Precedence {

        @ParameterizedTest
        @EnumSource(FieldSource.class)
        void aNewFieldIsMergedWithNoPreviousSource(FieldSource source) {
            mergingMovesTheUser(List.of(created(DEFAULT)),
                    merge(Map.of(FIRST_NAME, "Juan"), source, DEFAULT, T1),
                    merged(FIRST_NAME, source, "Juan", null, T1),
                    PENDING, DATA_INCOMPLETE, without(ALL_REQUIRED, FIRST_NAME));
        }

        @ParameterizedTest(name = "{1} replaces {0}")
        @CsvSource({"PARTNER_WEBHOOK, PARTNER_API, FIRST_NAME, Pedro", "WIDGET, PARTNER_API, FIRST_NAME, Pedro",
                "WIDGET, PARTNER_WEBHOOK, DOB, 1991-02-03"})
        void aHigherSourceReplacesALowerOne(FieldSource stored, FieldSource incoming, UserField field, String value) {
            replacing(stored, incoming, field, value);
        }

        @Test
        void partnerWebhookIsIgnoredAgainstPartnerApi() {
            fixture.given(completeUser(PARTNER_API))
                    .when(merge(Map.of(FIRST_NAME, "Pedro"), PARTNER_WEBHOOK, DEFAULT, T2))
                    .expectEvents(new FieldUpdateIgnoredEvent(USER_ID, FIRST_NAME, PARTNER_WEBHOOK,
                            new PersonalData("Pedro"), PARTNER_API, "lower_priority_source", T2))
                    .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of(FIRST_NAME)));
        }

        @ParameterizedTest
        @EnumSource(value = FieldSource.class, names = {"PARTNER_API", "PARTNER_WEBHOOK"})
        void widgetIsIgnoredAgainstBothHigherSources(FieldSource stored) {
            losingToTheStoredSource(completeUser(stored), DATA_COMPLETE, stored, WIDGET, LAST_NAME, "Lopez");
        }

        @Test
        void theIgnoredReasonIsLowerPrioritySource() {
            assertThat(FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE).isEqualTo("lower_priority_source");
        }

        @ParameterizedTest
        @EnumSource(FieldSource.class)
        void theSameSourceReplacesWithADifferentValue(FieldSource source) {
            replacing(source, source, ID_NUMBER, "XYZ987654");
        }

        @ParameterizedTest
        @EnumSource(FieldSource.class)
        void anIdenticalValueFromTheSameSourceEmitsNothing(FieldSource source) {
            resendingTheIdentityChangesNothing(completeUser(source), source, DATA_COMPLETE);
        }

        @Test
        void anIdenticalValueFromAHigherSourceTakesTheFieldOver() {
            replacing(WIDGET, PARTNER_API, FIRST_NAME, IDENTITY.get(FIRST_NAME));
        }

        @Test
        void aFieldAbsentFromTheRequestIsUntouched() {
            // Only lastName is sent: no other field is cleared, so the user stays complete and nothing else moves.
            replacing(PARTNER_API, PARTNER_API, LAST_NAME, "Lopez");
        }

        @Test
        void anEmptyRequestTouchesNothing() {
            fixture.given(completeUser(WIDGET))
                    .when(new MergeUserDataCommand(USER_ID, UserData.EMPTY, PARTNER_API, DEFAULT, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(nothingMissingOrIgnored(DATA_COMPLETE));
        }

        @Test
        void oneRequestMixesMergesAndIgnoredWritesFieldByField() {
            // firstName from partner_api, lastName from widget, everything else from partner_webhook.
            List<Object> given = new ArrayList<>();
            given.add(created(DEFAULT));
            IDENTITY.forEach((field, value) -> given.add(merged(field,
                    field == FIRST_NAME ? PARTNER_API : field == LAST_NAME ? WIDGET : PARTNER_WEBHOOK,
                    value, null, CREATED_AT)));
            given.add(statusChanged(PENDING, DATA_COMPLETE, List.of(), CREATED_AT));

            Map<UserField, String> sent = new LinkedHashMap<>();
            sent.put(ID_IMAGE, "aW1hZ2U=");        // new
            sent.put(LAST_NAME, "Lopez");          // replaces widget
            sent.put(FIRST_NAME, "Pedro");         // loses to partner_api
            sent.put(DOB, IDENTITY.get(DOB));      // identical, same source: nothing
            sent.put(ID_NUMBER, "XYZ987654");      // same source, new value

            fixture.given(given)
                    .when(merge(sent, PARTNER_WEBHOOK, DEFAULT, T2))
                    .expectEvents(
                            ignored(FIRST_NAME, PARTNER_WEBHOOK, "Pedro", PARTNER_API, T2),
                            merged(LAST_NAME, PARTNER_WEBHOOK, "Lopez", WIDGET, T2),
                            merged(ID_NUMBER, PARTNER_WEBHOOK, "XYZ987654", PARTNER_WEBHOOK, T2),
                            merged(ID_IMAGE, PARTNER_WEBHOOK, "aW1hZ2U=", null, T2))
                    .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of(FIRST_NAME)));
        }

        /**
         * On a complete user whose fields all came from {@code stored}, {@code incoming} sends {@code field}: its
         * {@code value} replaces the stored one, the only event, and the user stays complete.
         */
        private void replacing(FieldSource stored, FieldSource incoming, UserField field, String value) {
            fixture.given(completeUser(stored))
                    .when(merge(Map.of(field, value), incoming, DEFAULT, T2))
                    .expectEvents(merged(field, incoming, value, stored, T2))
                    .expectResultMessagePayload(nothingMissingOrIgnored(DATA_COMPLETE));
        }
    }

    // ---------------------------------------------------------------- CIP

    @Nested
    class Cip {

        @Test
        void missingFieldsGiveDataIncompleteWithTheMissingFieldsInEnumOrder() {
            // A HashSet: the evaluation must not depend on the order the partner's set comes in.
            Set<UserField> required = new HashSet<>(List.of(DOB, ID_TYPE, SECOND_LAST_NAME, FIRST_NAME, ID_NUMBER,
                    LAST_NAME, SECOND_NAME));
            Map<UserField, String> sent = new LinkedHashMap<>();
            sent.put(DOB, "1990-01-15");
            sent.put(FIRST_NAME, "Juan");
            sent.put(ID_TYPE, "passport");

            fixture.given(created(DEFAULT))
                    .when(merge(sent, PARTNER_API, required, T1))
                    .expectEvents(
                            merged(FIRST_NAME, PARTNER_API, "Juan", null, T1),
                            merged(ID_TYPE, PARTNER_API, "passport", null, T1),
                            merged(DOB, PARTNER_API, "1990-01-15", null, T1),
                            statusChanged(PENDING, DATA_INCOMPLETE,
                                    List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER), T1))
                    .expectResultMessagePayload(new MergeOutcome(DATA_INCOMPLETE,
                            List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER), List.of()));
        }

        /** Every required field present gives DATA_COMPLETE; an empty second name counts as provided. */
        @ParameterizedTest(name = "second name \"{0}\"")
        @ValueSource(strings = {"Carlos", ""})
        void allRequiredFieldsPresentGiveDataComplete(String secondName) {
            Map<UserField, String> sent = new EnumMap<>(IDENTITY);
            sent.put(SECOND_NAME, secondName);
            List<Object> expected = new ArrayList<>();
            sent.forEach((field, value) -> expected.add(merged(field, PARTNER_API, value, null, T1)));
            expected.add(statusChanged(PENDING, DATA_COMPLETE, List.of(), T1));

            fixture.given(created(DEFAULT))
                    .when(merge(sent, PARTNER_API, DEFAULT, T1))
                    .expectEvents(expected.toArray())
                    .expectResultMessagePayload(nothingMissingOrIgnored(DATA_COMPLETE));
        }

        @Test
        void aPartnerSpecificRequiredSetIsEvaluated() {
            mergingMovesTheUser(List.of(created(Set.of(FIRST_NAME))),
                    merge(Map.of(FIRST_NAME, "Juan"), PARTNER_API, Set.of(FIRST_NAME), T1),
                    merged(FIRST_NAME, PARTNER_API, "Juan", null, T1),
                    PENDING, DATA_COMPLETE, List.of());
        }

        @Test
        void theRequiredSetOfTheCommandIsTheOneEvaluated() {
            // The user was created under the default set; the partner now only requires firstName and dob.
            mergingMovesTheUser(onlyTheFirstNameFromThePartner(),
                    merge(Map.of(DOB, "1990-01-15"), WIDGET, Set.of(FIRST_NAME, DOB), T1),
                    merged(DOB, WIDGET, "1990-01-15", null, T1),
                    DATA_INCOMPLETE, DATA_COMPLETE, List.of());
        }

        @Test
        void nonCipFieldsAloneLeaveTheUserDataIncomplete() {
            mergingMovesTheUser(List.of(created(DEFAULT)),
                    merge(Map.of(PAYMENT_METHOD, BANK_ACCOUNT), PARTNER_API, DEFAULT, T1),
                    merged(PAYMENT_METHOD, PARTNER_API, BANK_ACCOUNT, null, T1),
                    PENDING, DATA_INCOMPLETE, ALL_REQUIRED);
        }

        @Test
        void anEmptyMergeOnANewUserStaysPendingWithoutEvents() {
            fixture.given(created(DEFAULT))
                    .when(new MergeUserDataCommand(USER_ID, UserData.EMPTY, PARTNER_API, DEFAULT, T1))
                    .expectNoEvents()
                    .expectResultMessagePayload(new MergeOutcome(PENDING, ALL_REQUIRED, List.of()));
        }

        @Test
        void fewerMissingFieldsAreRecordedWhileStillIncomplete() {
            mergingMovesTheUser(onlyTheFirstNameFromThePartner(),
                    merge(Map.of(LAST_NAME, "Perez"), WIDGET, DEFAULT, T1),
                    merged(LAST_NAME, WIDGET, "Perez", null, T1),
                    DATA_INCOMPLETE, DATA_INCOMPLETE, List.of(SECOND_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE, DOB));
        }

        @Test
        void theLastMissingFieldCompletesAnIncompleteUser() {
            List<Object> given = new ArrayList<>();
            given.add(created(DEFAULT));
            IDENTITY.forEach((field, value) -> {
                if (field != DOB) {
                    given.add(merged(field, PARTNER_API, value, null, CREATED_AT));
                }
            });
            given.add(statusChanged(PENDING, DATA_INCOMPLETE, List.of(DOB), CREATED_AT));

            mergingMovesTheUser(given,
                    merge(Map.of(DOB, "1990-01-15"), PARTNER_WEBHOOK, DEFAULT, T1),
                    merged(DOB, PARTNER_WEBHOOK, "1990-01-15", null, T1),
                    DATA_INCOMPLETE, DATA_COMPLETE, List.of());
        }

        @ParameterizedTest
        @EnumSource(value = FieldSource.class, names = {"PARTNER_API", "PARTNER_WEBHOOK"})
        void aVerifiedUserWithADifferentIdentityValueFromAnEqualOrHigherSourceGoesBackToDataComplete(
                FieldSource source) {
            mergingMovesTheUser(verifiedUser(PARTNER_WEBHOOK),
                    merge(Map.of(ID_NUMBER, "XYZ987654"), source, DEFAULT, T2),
                    merged(ID_NUMBER, source, "XYZ987654", PARTNER_WEBHOOK, T2),
                    CIP_VERIFIED, DATA_COMPLETE, List.of());
        }

        @Test
        void aVerifiedUserReceivingANewPaymentMethodStaysVerified() {
            fixture.given(verifiedUser(PARTNER_API))
                    .when(merge(Map.of(PAYMENT_METHOD, BANK_ACCOUNT), PARTNER_API, DEFAULT, T2))
                    .expectEvents(merged(PAYMENT_METHOD, PARTNER_API, BANK_ACCOUNT, null, T2))
                    .expectResultMessagePayload(nothingMissingOrIgnored(CIP_VERIFIED));
        }

        @Test
        void aVerifiedUserReceivingAChangedPaymentMethodStaysVerified() {
            String newAccount = PaymentMethod.cash("oxxo", "REF12345").encode();
            List<Object> given = new ArrayList<>(verifiedUser(WIDGET));
            given.add(merged(PAYMENT_METHOD, WIDGET, BANK_ACCOUNT, null, VERIFIED_AT));

            fixture.given(given)
                    .when(merge(Map.of(PAYMENT_METHOD, newAccount), WIDGET, DEFAULT, T2))
                    .expectEvents(merged(PAYMENT_METHOD, WIDGET, newAccount, WIDGET, T2))
                    .expectResultMessagePayload(nothingMissingOrIgnored(CIP_VERIFIED));
        }

        @Test
        void aVerifiedUserReceivingALowerPriorityIdentityValueStaysVerified() {
            losingToTheStoredSource(verifiedUser(PARTNER_API), CIP_VERIFIED, PARTNER_API, WIDGET, DOB, "1985-12-31");
        }

        @Test
        void aVerifiedUserReceivingTheSameIdentityValueFromAHigherSourceStaysVerified() {
            fixture.given(verifiedUser(WIDGET))
                    .when(merge(IDENTITY, PARTNER_API, DEFAULT, T2))
                    .expectEvents(IDENTITY.entrySet().stream()
                            .map(e -> merged(e.getKey(), PARTNER_API, e.getValue(), WIDGET, T2)).toArray())
                    .expectResultMessagePayload(nothingMissingOrIgnored(CIP_VERIFIED));
        }

        @Test
        void aVerifiedUserReceivingIdenticalDataChangesNothing() {
            resendingTheIdentityChangesNothing(verifiedUser(PARTNER_API), PARTNER_API, CIP_VERIFIED);
        }
    }

    // ---------------------------------------------------------------- no PII in logs

    @Test
    void personalDataToStringNeverRevealsTheValue() {
        PersonalData data = new PersonalData("GOMEZ-PEREZ 1990-01-15 ABC123456");
        assertThat(data.toString())
                .doesNotContain("GOMEZ")
                .doesNotContain("1990")
                .doesNotContain("ABC123456")
                .isEqualTo("PersonalData[***]");
        assertThat(merged(FIRST_NAME, PARTNER_API, "Juanito", null, T1).toString()).doesNotContain("Juanito");
    }

    @Test
    void userDataToStringShowsOnlyTheFieldNames() {
        UserData data = UserData.of(Map.of(FIRST_NAME, "Juanito", DOB, "1990-01-15", ID_NUMBER, "ABC123456"));
        assertThat(data.toString())
                .isEqualTo("UserData[name.firstName, idNumber, dob]")
                .doesNotContain("Juanito")
                .doesNotContain("1990-01-15")
                .doesNotContain("ABC123456");
    }

    // ---------------------------------------------------------------- forgetting

    @Nested
    class Forgetting {

        private final UserForgottenEvent forgotten = new UserForgottenEvent(USER_ID, "acme", Environment.SANDBOX,
                "user_12345", T1);

        @Test
        void forgettingRecordsTheEventAndKeepsTheStatus() {
            fixture.given(verifiedUser(PARTNER_API))
                    .when(new ForgetUserCommand(USER_ID, T1))
                    .expectEvents(forgotten)
                    .expectState(user -> {
                        assertThat(user.status()).as("states stay").isEqualTo(CIP_VERIFIED);
                        assertThat(user.isForgotten()).isTrue();
                        assertThat(user.paymentMethod()).isEmpty();
                    });
        }

        @Test
        void aForgottenUserKnowsNoFieldSoNewDataIsMergedAsNew() {
            List<Object> history = new ArrayList<>(completeUser(PARTNER_API));
            history.add(forgotten);
            mergingMovesTheUser(history,
                    merge(Map.of(FIRST_NAME, "Juan"), PARTNER_API, DEFAULT, T2),
                    merged(FIRST_NAME, PARTNER_API, "Juan", null, T2),
                    DATA_COMPLETE, DATA_INCOMPLETE, without(ALL_REQUIRED, FIRST_NAME));
        }

        @Test
        void erasedValuesNeverEqualANewValue() {
            // What a rebuilt user sees after its key was deleted: the old value reads as erased.
            mergingMovesTheUser(List.of(created(DEFAULT), new FieldMergedEvent(USER_ID, FIRST_NAME, PARTNER_API,
                            PersonalData.erasedValue(), null, CREATED_AT)),
                    merge(Map.of(FIRST_NAME, "Juan"), PARTNER_API, DEFAULT, T2),
                    merged(FIRST_NAME, PARTNER_API, "Juan", PARTNER_API, T2),
                    PENDING, DATA_INCOMPLETE, without(ALL_REQUIRED, FIRST_NAME));
        }
    }

    @Test
    void erasedPersonalDataRefusesToBeReadAndSaysSo() {
        PersonalData erased = PersonalData.erasedValue();
        assertThat(erased.erased()).isTrue();
        assertThat(erased.toString()).isEqualTo("PersonalData[erased]");
        org.assertj.core.api.Assertions.assertThatThrownBy(erased::value).isInstanceOf(IllegalStateException.class);
        assertThat(new PersonalData("x").sameValueAs(new PersonalData("x"))).isTrue();
        assertThat(erased.sameValueAs(erased)).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private static UserCreatedEvent created(Set<UserField> required) {
        return new UserCreatedEvent(USER_ID, "acme", Environment.SANDBOX, "user_12345",
                required.stream().sorted().toList(), CREATED_AT);
    }

    /** A user whose seven identity fields were all written by {@code source}, evaluated data_complete. */
    private static List<Object> completeUser(FieldSource source) {
        List<Object> events = new ArrayList<>();
        events.add(created(DEFAULT));
        IDENTITY.forEach((field, value) -> events.add(merged(field, source, value, null, CREATED_AT)));
        events.add(statusChanged(PENDING, DATA_COMPLETE, List.of(), CREATED_AT));
        return events;
    }

    /** A user of the default requirements created with only the first name, from the partner: data incomplete. */
    private static List<Object> onlyTheFirstNameFromThePartner() {
        return List.of(created(DEFAULT), merged(FIRST_NAME, PARTNER_API, "Juan", null, CREATED_AT),
                statusChanged(PENDING, DATA_INCOMPLETE, without(ALL_REQUIRED, FIRST_NAME), CREATED_AT));
    }

    private static List<Object> verifiedUser(FieldSource source) {
        List<Object> events = completeUser(source);
        events.add(statusChanged(DATA_COMPLETE, UserStatus.CIP_PENDING, List.of(), VERIFIED_AT));
        events.add(statusChanged(UserStatus.CIP_PENDING, CIP_VERIFIED, List.of(), VERIFIED_AT));
        return events;
    }

    private static MergeUserDataCommand merge(Map<UserField, String> values, FieldSource source,
                                              Set<UserField> required, Instant at) {
        return new MergeUserDataCommand(USER_ID, UserData.of(values), source, required, at);
    }

    /**
     * {@code command}, after {@code history}, records the one {@code merge} and moves the user from {@code from} to
     * {@code to} with {@code missing} still missing; it answers the same: that status, those fields, no write ignored.
     */
    private void mergingMovesTheUser(List<?> history, MergeUserDataCommand command, FieldMergedEvent merge,
                                     UserStatus from, UserStatus to, List<UserField> missing) {
        fixture.given(history)
                .when(command)
                .expectEvents(merge, statusChanged(from, to, missing, command.at()))
                .expectResultMessagePayload(new MergeOutcome(to, missing, List.of()));
    }

    /**
     * On a user with {@code history}, in {@code status} with every field from {@code stored}, {@code incoming}'s
     * {@code value} for {@code field} loses: only the ignored write is recorded, and the answer names the field.
     */
    private void losingToTheStoredSource(List<?> history, UserStatus status, FieldSource stored, FieldSource incoming,
                                         UserField field, String value) {
        fixture.given(history)
                .when(merge(Map.of(field, value), incoming, DEFAULT, T2))
                .expectEvents(ignored(field, incoming, value, stored, T2))
                .expectResultMessagePayload(new MergeOutcome(status, List.of(), List.of(field)));
    }

    /** {@code source} sends again the identity it wrote in {@code history}: nothing is recorded, the status stays. */
    private void resendingTheIdentityChangesNothing(List<?> history, FieldSource source, UserStatus status) {
        fixture.given(history)
                .when(merge(IDENTITY, source, DEFAULT, T2))
                .expectNoEvents()
                .expectResultMessagePayload(nothingMissingOrIgnored(status));
    }

    /** A merge that left the user in {@code status} with no field missing and no write lost to a higher source. */
    private static MergeOutcome nothingMissingOrIgnored(UserStatus status) {
        return new MergeOutcome(status, List.of(), List.of());
    }

    private static List<UserField> without(List<UserField> fields, UserField removed) {
        return fields.stream().filter(f -> f != removed).toList();
    }
}

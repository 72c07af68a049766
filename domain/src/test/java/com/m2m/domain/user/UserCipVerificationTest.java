package com.m2m.domain.user;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static com.m2m.domain.testing.Refusals.refused;
import static com.m2m.domain.user.UserFixtures.merged;
import static com.m2m.domain.user.UserFixtures.userFixture;
import static com.m2m.domain.user.UserFixtures.identity;
import static com.m2m.domain.user.UserFixtures.USER_ID;
import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.PAYMENT_METHOD;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static com.m2m.domain.user.UserStatus.CIP_FAILED;
import static com.m2m.domain.user.UserStatus.CIP_PENDING;
import static com.m2m.domain.user.UserStatus.CIP_VERIFIED;
import static com.m2m.domain.user.UserStatus.DATA_COMPLETE;
import static com.m2m.domain.user.UserStatus.DATA_INCOMPLETE;
import static com.m2m.domain.user.UserStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.equalTo;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

/**
 * CIP verification on the {@link User} aggregate (docs/domain.md "CIP", "Sandbox verification"): the widget's consent
 * starts it, the {@code cip-decision} deadline decides it with the injected {@link IdentityVerifier} (the sandbox
 * rules here), and a decision about an identity that changed meanwhile is ignored.
 */
class UserCipVerificationTest {

    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T10:06:00Z");
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Map<UserField, String> IDENTITY = identity();
    private static final String ACCOUNT = PaymentMethod.bankAccount("MX", "012180000118359719").encode();

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    // ---------------------------------------------------------------- start

    @Test
    void aDataCompleteUserGoesCipPendingAndTheDecisionIsScheduled() {
        fixture.given(completeUser(IDENTITY))
                .when(start(T1))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(isStarted(T1)),
                        equalTo(statusChanged(DATA_COMPLETE, CIP_PENDING, T1)),
                        andNoMore())))
                .expectResultMessagePayload(CIP_PENDING)
                .expectScheduledDeadlineWithName(DELAY, User.CIP_DECISION_DEADLINE)
                .expectScheduledDeadlineWithName(DELAY, "cip-decision");
    }

    @Test
    void theDecisionDeadlineCarriesTheVerificationId() {
        fixture.given(completeUser(IDENTITY))
                .when(start(T1))
                .expectScheduledDeadlineMatching(DELAY, predicate(
                        deadline -> deadline.getPayload() instanceof String id && id.matches("ver_[0-9a-f]{16}")));
    }

    @Test
    void startingWhilePendingChangesNothing() {
        assertStartingAgainChangesNothing(pendingUser(IDENTITY, "ver_0000000000000001"), CIP_PENDING);
    }

    @Test
    void aVerifiedUserIsNotVerifiedAgain() {
        assertStartingAgainChangesNothing(verifiedUser(), CIP_VERIFIED);
    }

    /** A start at T2 after {@code history} emits and schedules nothing, and answers the status as it stands. */
    private void assertStartingAgainChangesNothing(List<Object> history, UserStatus status) {
        fixture.given(history)
                .when(start(T2))
                .expectNoEvents()
                .expectResultMessagePayload(status)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aFailedUserIsRefusedWhileTheCaseIsWithSupport() {
        assertStartRefused(failedUser(), T2, "Identity verification failed; the case is with our support team");
    }

    @Test
    void newIdentityDataNeverClearsAFailedVerification() {
        fixture.given(failedUser())
                .when(mergeFromPartner(Map.of(UserField.DOB, "1991-06-16"), T2))
                .expectEvents(merged(UserField.DOB, PARTNER_API, "1991-06-16", PARTNER_API, T2))
                .expectResultMessagePayload(new MergeOutcome(CIP_FAILED, List.of(), List.of()));
    }

    @Test
    void aPendingUserWithoutDataIsRefused() {
        assertStartRefused(List.of(created()), T1, "Required data is incomplete");
    }

    /** A start at {@code at} after {@code history} is refused as an invalid state, and nothing is recorded. */
    private void assertStartRefused(List<?> history, Instant at, String message) {
        fixture.given(history)
                .when(start(at))
                .expectException(InvalidStateException.class)
                .expectExceptionMessage(message)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void anIncompleteUserIsRefused() {
        refused(fixture, start(T1), InvalidStateException.class,
                created(), merged(FIRST_NAME, PARTNER_API, "Juan", CREATED_AT),
                new UserStatusChangedEvent(USER_ID, PENDING, DATA_INCOMPLETE,
                        List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE, DOB),
                        CREATED_AT))
                .expectExceptionMessage("Required data is incomplete");
    }

    // ---------------------------------------------------------------- decision (sandbox rules)

    @Test
    void anOrdinaryIdentityIsVerifiedWhenTheDecisionIsDue() {
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1))
                .whenThenTimeElapses(DELAY)
                .expectTriggeredDeadlinesWithName(User.CIP_DECISION_DEADLINE)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(CipVerifiedEvent.class::isInstance),
                        predicate(statusChange(CIP_PENDING, CIP_VERIFIED)),
                        andNoMore())));
    }

    @Test
    void beforeTheDelayNothingIsDecided() {
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1))
                .whenThenTimeElapses(DELAY.minusMillis(1))
                .expectNoEvents()
                .expectTriggeredDeadlinesWithName();
    }

    /** The sandbox provider's failing inputs: a date of birth of 1900-01-01, an id number ending in 0000. */
    @ParameterizedTest(name = "{0} {1} fails with {2}")
    @CsvSource({
            "DOB,       1900-01-01, identity_mismatch",
            "ID_NUMBER, ABC120000,  document_invalid",
    })
    void theSandboxProvidersFailingInputsFailVerification(UserField field, String value, String reason) {
        Map<UserField, String> identity = new EnumMap<>(IDENTITY);
        identity.put(field, value);
        fixture.given(completeUser(identity))
                .andGivenCommands(start(T1))
                .whenThenTimeElapses(DELAY)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(failedWith(reason)),
                        predicate(statusChange(CIP_PENDING, CIP_FAILED)),
                        andNoMore())));
    }

    @Test
    void theProviderSeesTheCurrentIdentityFieldsOnly() {
        AtomicReference<IdentitySnapshot> seen = new AtomicReference<>();
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource((IdentityVerifier) identity -> {
            seen.set(identity);
            return VerificationDecision.pass();
        });
        List<Object> given = completeUser(IDENTITY);
        given.add(merged(PAYMENT_METHOD, PARTNER_API, ACCOUNT, CREATED_AT));

        fixture.given(given)
                .andGivenCommands(start(T1))
                .whenThenTimeElapses(DELAY)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(CipVerifiedEvent.class::isInstance),
                        predicate(statusChange(CIP_PENDING, CIP_VERIFIED)),
                        andNoMore())));

        assertThat(seen.get().values()).isEqualTo(IDENTITY);
        assertThat(seen.get().values()).doesNotContainKey(PAYMENT_METHOD);
    }

    // ---------------------------------------------------------------- stale decisions

    @Test
    void aDecisionAfterTheIdentityChangedIsIgnored() {
        // The user consented, then (before the provider answered) the partner corrected the date of birth: the user
        // is back to data_complete and the decision about the old identity must not verify the new one.
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1), mergeFromPartner(Map.of(DOB, "1991-02-03"), T1.plusSeconds(1)))
                .whenThenTimeElapses(DELAY)
                .expectTriggeredDeadlinesWithName(User.CIP_DECISION_DEADLINE)
                .expectNoEvents();
    }

    @Test
    void anIdentityChangeWhilePendingGoesBackToDataComplete() {
        fixture.given(pendingUser(IDENTITY, "ver_0000000000000001"))
                .when(mergeFromPartner(Map.of(DOB, "1991-02-03"), T2))
                .expectEvents(merged(DOB, PARTNER_API, "1991-02-03", PARTNER_API, T2),
                        statusChanged(CIP_PENDING, DATA_COMPLETE, T2))
                .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of()));
    }

    @Test
    void theOldDecisionIsIgnoredWhileANewerVerificationIsPending() {
        // Consent, identity change, consent again (this provider call takes longer): when the first decision comes
        // due the user is cip_pending again, but on another verification.
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1), mergeFromPartner(Map.of(DOB, "1991-02-03"), T1.plusSeconds(1)),
                        start(T1.plusSeconds(2), DELAY.multipliedBy(3)))
                .whenThenTimeElapses(DELAY)
                .expectTriggeredDeadlinesWithName(User.CIP_DECISION_DEADLINE)
                .expectNoEvents();
    }

    @Test
    void onlyTheLatestVerificationIsDecidedAfterARestart() {
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1), mergeFromPartner(Map.of(DOB, "1991-02-03"), T1.plusSeconds(1)),
                        start(T1.plusSeconds(2), DELAY.multipliedBy(3)))
                .whenThenTimeElapses(DELAY.multipliedBy(3))
                .expectTriggeredDeadlinesWithName(User.CIP_DECISION_DEADLINE, User.CIP_DECISION_DEADLINE)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(verifiedAs(latestVerificationId())),
                        predicate(statusChange(CIP_PENDING, CIP_VERIFIED)),
                        andNoMore())));
    }

    @Test
    void aNewPaymentMethodWhilePendingDoesNotAffectTheVerification() {
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1), new MergeUserDataCommand(USER_ID,
                        UserData.of(Map.of(PAYMENT_METHOD, ACCOUNT)), WIDGET, CipRequirements.DEFAULT_REQUIRED,
                        T1.plusSeconds(1)))
                .whenThenTimeElapses(DELAY)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(CipVerifiedEvent.class::isInstance),
                        predicate(statusChange(CIP_PENDING, CIP_VERIFIED)),
                        andNoMore())));
    }

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = {"CIP_VERIFIED", "CIP_FAILED", "DATA_COMPLETE"})
    void aDecisionForAUserNoLongerPendingIsIgnored(UserStatus status) {
        // Whatever moved the user on (an earlier decision, support, an identity change), a late duplicate of the
        // decision deadline changes nothing.
        fixture.given(completeUser(IDENTITY))
                .andGivenCommands(start(T1))
                .andGiven(statusChanged(CIP_PENDING, status, T1.plusSeconds(1)))
                .whenThenTimeElapses(DELAY)
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- accessors

    @Test
    void thePaymentMethodIsDecodedFromTheStoredField() {
        User user = new User();
        user.on(new UserCreatedEvent(USER_ID, "acme", Environment.SANDBOX, "user_12345", List.of(), CREATED_AT));
        assertThat(user.paymentMethod()).isEmpty();

        user.on(merged(PAYMENT_METHOD, WIDGET, ACCOUNT, CREATED_AT));
        assertThat(user.paymentMethod()).contains(PaymentMethod.bankAccount("MX", "012180000118359719"));

        user.on(merged(PAYMENT_METHOD, WIDGET, PaymentMethod.cash("oxxo", "REF12345").encode(), CREATED_AT));
        assertThat(user.paymentMethod()).contains(PaymentMethod.cash("oxxo", "REF12345"));
    }

    // ---------------------------------------------------------------- helpers

    private String latestVerificationId() {
        List<String> ids = new ArrayList<>();
        fixture.getEventStore().readEvents(USER_ID).asStream()
                .map(EventMessage::getPayload)
                .filter(CipVerificationStartedEvent.class::isInstance)
                .forEach(e -> ids.add(((CipVerificationStartedEvent) e).verificationId()));
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        return ids.get(1);
    }

    private static Predicate<Object> isStarted(Instant at) {
        return e -> e instanceof CipVerificationStartedEvent started && started.userId().equals(USER_ID)
                && started.verificationId().matches("ver_[0-9a-f]{16}") && started.at().equals(at);
    }

    private static Predicate<Object> verifiedAs(String verificationId) {
        return e -> e instanceof CipVerifiedEvent verified && verified.verificationId().equals(verificationId);
    }

    private static Predicate<Object> failedWith(String reason) {
        return e -> e instanceof CipFailedEvent failed && failed.userId().equals(USER_ID)
                && failed.reason().equals(reason) && failed.verificationId().startsWith("ver_");
    }

    private static Predicate<Object> statusChange(UserStatus from, UserStatus to) {
        return e -> e instanceof UserStatusChangedEvent changed && changed.previousStatus() == from
                && changed.status() == to && changed.missingFields().isEmpty();
    }

    private static StartCipVerificationCommand start(Instant at) {
        return start(at, DELAY);
    }

    private static StartCipVerificationCommand start(Instant at, Duration delay) {
        return new StartCipVerificationCommand(USER_ID, delay, at);
    }

    private static MergeUserDataCommand mergeFromPartner(Map<UserField, String> values, Instant at) {
        return new MergeUserDataCommand(USER_ID, UserData.of(values), PARTNER_API, CipRequirements.DEFAULT_REQUIRED,
                at);
    }

    private static UserCreatedEvent created() {
        return new UserCreatedEvent(USER_ID, "acme", Environment.SANDBOX, "user_12345",
                CipRequirements.DEFAULT_REQUIRED.stream().sorted().toList(), CREATED_AT);
    }

    private static List<Object> completeUser(Map<UserField, String> identity) {
        List<Object> events = new ArrayList<>();
        events.add(created());
        identity.forEach((field, value) -> events.add(merged(field, PARTNER_API, value, CREATED_AT)));
        events.add(statusChanged(PENDING, DATA_COMPLETE, CREATED_AT));
        return events;
    }

    private static List<Object> pendingUser(Map<UserField, String> identity, String verificationId) {
        List<Object> events = completeUser(identity);
        events.add(new CipVerificationStartedEvent(USER_ID, verificationId, T1));
        events.add(statusChanged(DATA_COMPLETE, CIP_PENDING, T1));
        return events;
    }

    private static List<Object> verifiedUser() {
        List<Object> events = pendingUser(IDENTITY, "ver_0000000000000001");
        events.add(new CipVerifiedEvent(USER_ID, "ver_0000000000000001", T1));
        events.add(statusChanged(CIP_PENDING, CIP_VERIFIED, T1));
        return events;
    }

    /** A user whose verification failed (identity mismatch): the case is with support. */
    private static List<Object> failedUser() {
        List<Object> events = pendingUser(IDENTITY, "ver_0000000000000001");
        events.add(new CipFailedEvent(USER_ID, "ver_0000000000000001", "identity_mismatch", T1));
        events.add(statusChanged(CIP_PENDING, CIP_FAILED, T1));
        return events;
    }

    private static UserStatusChangedEvent statusChanged(UserStatus from, UserStatus to, Instant at) {
        return new UserStatusChangedEvent(USER_ID, from, to, List.of(), at);
    }
}

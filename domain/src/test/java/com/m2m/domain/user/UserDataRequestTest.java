package com.m2m.domain.user;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ReferenceIdMismatchException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.m2m.domain.testing.Refusals.refused;
import static com.m2m.domain.user.UserFixtures.fields;
import static com.m2m.domain.user.UserFixtures.userFixture;
import static com.m2m.domain.user.UserFixtures.statusChanged;
import static com.m2m.domain.user.UserFixtures.ignored;
import static com.m2m.domain.user.UserFixtures.merged;
import static com.m2m.domain.user.UserFixtures.USER_ID;
import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.PARTNER_WEBHOOK;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static com.m2m.domain.user.UserStatus.DATA_COMPLETE;
import static com.m2m.domain.user.UserStatus.DATA_INCOMPLETE;
import static com.m2m.domain.user.UserStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link User} aggregate's data requests (docs/domain.md and docs/api.md "Data requests"): the partner's answer
 * ({@link FulfilDataRequestCommand}, merged with source {@code partner_webhook}), its refusals, and the closing of an
 * open request by any merge that completes the data, in given (events) / when (command) / expect (events, answer)
 * form.
 * <p>
 * The starting point is the seed's journey: the first link carries only the name (firstName and lastName, source
 * {@code partner_api}), so the user is {@code data_incomplete} and a request asks for the five required fields
 * still missing.
 */
class UserDataRequestTest {

    private static final String PARTNER = "acme";
    private static final Environment ENV = Environment.SANDBOX;
    private static final String REF = "user_12345";
    private static final String DR = "dr_acme_a1b2c3d4e5f6";
    private static final String LINK = "link_acme_a1b2c3d4e5f6";
    private static final Instant T0 = Instant.parse("2026-02-10T14:00:00Z");
    private static final Instant EXPIRES_AT = T0.plus(Duration.ofMinutes(60));
    private static final Instant T1 = T0.plus(Duration.ofMinutes(5));
    private static final Instant T2 = T0.plus(Duration.ofMinutes(10));
    private static final Set<UserField> DEFAULT = CipRequirements.DEFAULT_REQUIRED;

    /** What the first link did not bring: the request's requiredFields, in enum order. */
    private static final List<UserField> MISSING = List.of(SECOND_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE, DOB);

    /** The partner's complete answer: exactly the missing fields. */
    private static final Map<UserField, String> ANSWER = answer();

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
        // The answer handler asks the request's link whether it closed early; here every link is still open
        // (LinkCreationHandlerTest covers answers to requests of revoked and expired links).
        fixture.registerAnnotatedCommandHandler(new DataRequestAnswerHandler(fixture.getRepository(), linkId -> false));
    }

    // ---------------------------------------------------------------- the partner's answer

    @Nested
    class Fulfilment {

        @Test
        void anAnswerWithEveryMissingFieldMergesItAsPartnerWebhookCompletesTheUserAndFulfilsTheRequest() {
            assertTheAnswerFulfilsTheRequest(ANSWER, completedAndFulfilledBy(PARTNER_WEBHOOK, T1));
        }

        @Test
        void aValueSetByPartnerApiIsNotOverwrittenByTheAnswerAndTheIgnoredWriteIsRecorded() {
            // The seed's journey: the answer repeats firstName with another spelling; partner_api (priority 1)
            // keeps it, the missing fields land as partner_webhook (priority 2), and the user is complete.
            Map<UserField, String> sent = new EnumMap<>(ANSWER);
            sent.put(FIRST_NAME, "Juanito");
            List<Object> expected = new ArrayList<>();
            expected.add(ignored(FIRST_NAME, PARTNER_WEBHOOK, "Juanito", PARTNER_API, T1));
            expected.addAll(completedAndFulfilledBy(PARTNER_WEBHOOK, T1));

            assertTheAnswerFulfilsTheRequest(sent, expected);
        }

        /** {@code answer} to the open request at T1 records {@code expected}, fulfils it, and completes the user. */
        private void assertTheAnswerFulfilsTheRequest(Map<UserField, String> answer, List<Object> expected) {
            fixture.given(openRequest())
                    .when(fulfil(answer, T1))
                    .expectEvents(expected.toArray())
                    .expectResultMessagePayload(fulfilledAsOf(T1))
                    .expectState(user -> assertThat(user.status()).isEqualTo(DATA_COMPLETE));
        }

        @Test
        void afterTheAnswerTheNameIsStillPartnerApisAndTheAnsweredFieldsArePartnerWebhooks() {
            // Probing the stored sources through precedence: a later widget write loses to both, and reports
            // which source holds each field.
            List<Object> given = journeyAnswered();

            fixture.given(given)
                    .when(new MergeUserDataCommand(USER_ID, UserData.of(Map.of(FIRST_NAME, "Jon", DOB, "1980-01-01")),
                            WIDGET, DEFAULT, T2))
                    .expectEvents(
                            ignored(FIRST_NAME, WIDGET, "Jon", PARTNER_API, T2),
                            ignored(DOB, WIDGET, "1980-01-01", PARTNER_WEBHOOK, T2))
                    .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of(FIRST_NAME, DOB)));
        }

        @Test
        void anAnswerWithSomeFieldsIsPartialAndNamesExactlyTheRemainingFields() {
            fixture.given(openRequest())
                    .when(fulfil(Map.of(SECOND_NAME, "Carlos", DOB, "1990-05-15"), T1))
                    .expectEvents(
                            merged(SECOND_NAME, PARTNER_WEBHOOK, "Carlos", null, T1),
                            merged(DOB, PARTNER_WEBHOOK, "1990-05-15", null, T1),
                            statusChanged(DATA_INCOMPLETE, DATA_INCOMPLETE,
                                    List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T1),
                            partiallyFulfilled(List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T1))
                    .expectResultMessagePayload(new DataRequestAnswer(DR, DataRequestStatus.PARTIALLY_FULFILLED,
                            LINK, null, List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE)))
                    .expectState(user -> assertThat(user.status()).isEqualTo(DATA_INCOMPLETE));
        }

        @Test
        void aSecondPartialAnswerAddingNothingNewEmitsNothing() {
            fixture.given(partiallyAnswered())
                    .when(fulfil(Map.of(SECOND_NAME, "Carlos", DOB, "1990-05-15"), T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(new DataRequestAnswer(DR, DataRequestStatus.PARTIALLY_FULFILLED,
                            LINK, null, List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE)));
        }

        @Test
        void anEmptyAnswerToAPendingRequestEmitsNothingAndKeepsItPending() {
            fixture.given(openRequest())
                    .when(fulfil(Map.of(), T1))
                    .expectNoEvents()
                    .expectResultMessagePayload(new DataRequestAnswer(DR, DataRequestStatus.PENDING, LINK, null,
                            MISSING));
        }

        @Test
        void aSecondPartialAnswerCorrectingAnAnsweredFieldMergesItButLeavesTheRequestAsItWas() {
            fixture.given(partiallyAnswered())
                    .when(fulfil(Map.of(DOB, "1990-05-16"), T2))
                    .expectEvents(merged(DOB, PARTNER_WEBHOOK, "1990-05-16", PARTNER_WEBHOOK, T2))
                    .expectResultMessagePayload(new DataRequestAnswer(DR, DataRequestStatus.PARTIALLY_FULFILLED,
                            LINK, null, List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE)));
        }

        @Test
        void aSecondPartialAnswerWithOneMoreFieldNarrowsTheRemainingFields() {
            fixture.given(partiallyAnswered())
                    .when(fulfil(Map.of(ID_TYPE, "passport"), T2))
                    .expectEvents(
                            merged(ID_TYPE, PARTNER_WEBHOOK, "passport", null, T2),
                            statusChanged(DATA_INCOMPLETE, DATA_INCOMPLETE, List.of(SECOND_LAST_NAME, ID_NUMBER), T2),
                            partiallyFulfilled(List.of(SECOND_LAST_NAME, ID_NUMBER), T2))
                    .expectResultMessagePayload(new DataRequestAnswer(DR, DataRequestStatus.PARTIALLY_FULFILLED,
                            LINK, null, List.of(SECOND_LAST_NAME, ID_NUMBER)));
        }

        @Test
        void anAnswerWithTheRestFulfilsAPartiallyFulfilledRequest() {
            fixture.given(partiallyAnswered())
                    .when(fulfil(Map.of(SECOND_LAST_NAME, "Lopez", ID_NUMBER, "GALO900515", ID_TYPE, "passport"), T2))
                    .expectEvents(
                            merged(SECOND_LAST_NAME, PARTNER_WEBHOOK, "Lopez", null, T2),
                            merged(ID_NUMBER, PARTNER_WEBHOOK, "GALO900515", null, T2),
                            merged(ID_TYPE, PARTNER_WEBHOOK, "passport", null, T2),
                            statusChanged(DATA_INCOMPLETE, DATA_COMPLETE, List.of(), T2),
                            fulfilled(PARTNER_WEBHOOK, T2))
                    .expectResultMessagePayload(fulfilledAsOf(T2));
        }

        @Test
        void answeringAFulfilledRequestAgainWithTheSameDataIsIdempotent() {
            fixture.given(answered())
                    .when(fulfil(ANSWER, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(fulfilledAsOf(T1));
        }

        @Test
        void repeatingAnAnswerWhoseNameLostToPartnerApiOnlyRecordsTheIgnoredAttemptAgain() {
            // The answer is the same (fulfilled, original fulfilledAt); the only event is the repeated losing
            // attempt on firstName, which the audit trail records as every attempt is recorded.
            Map<UserField, String> sent = new EnumMap<>(ANSWER);
            sent.put(FIRST_NAME, "Juanito");

            fixture.given(journeyAnswered())
                    .when(fulfil(sent, T2))
                    .expectEvents(ignored(FIRST_NAME, PARTNER_WEBHOOK, "Juanito", PARTNER_API, T2))
                    .expectResultMessagePayload(fulfilledAsOf(T1));
        }

        @Test
        void aFulfilledRequestAnsweredWithANewValueMergesItAndStaysFulfilledAsOfItsFirstFulfilment() {
            fixture.given(answered())
                    .when(fulfil(Map.of(ID_TYPE, "CURP"), T2))
                    .expectEvents(merged(ID_TYPE, PARTNER_WEBHOOK, "CURP", PARTNER_WEBHOOK, T2))
                    .expectResultMessagePayload(fulfilledAsOf(T1));
        }

        @Test
        void thePartnerAnswerReplacesWhatTheWidgetTypedInAfterTheRequestClosed() {
            List<Object> given = openRequest();
            ANSWER.forEach((field, value) -> given.add(merged(field, WIDGET, "w-" + value, null, T1)));
            given.add(statusChanged(DATA_INCOMPLETE, DATA_COMPLETE, List.of(), T1));
            given.add(fulfilled(WIDGET, T1));
            List<Object> expected = new ArrayList<>();
            ANSWER.forEach((field, value) -> expected.add(merged(field, PARTNER_WEBHOOK, value, WIDGET, T2)));

            fixture.given(given)
                    .when(fulfil(ANSWER, T2))
                    .expectEvents(expected.toArray())
                    .expectResultMessagePayload(fulfilledAsOf(T1));
        }

        @Test
        void oneMillisecondBeforeExpiryTheAnswerIsAccepted() {
            Instant lastMoment = EXPIRES_AT.minusMillis(1);
            fixture.given(openRequest())
                    .when(fulfil(ANSWER, lastMoment))
                    .expectResultMessagePayload(fulfilledAsOf(lastMoment));
        }
    }

    // ---------------------------------------------------------------- refusals

    @Nested
    class Refusals {

        @Test
        void anUnknownDataRequestIdIsNotFoundAndNothingIsMerged() {
            refused(fixture, new FulfilDataRequestCommand(USER_ID, "dr_acme_ffffffffffff", REF, UserData.of(ANSWER),
                    DEFAULT, T1), ResourceNotFoundException.class, openRequest())
                    .expectExceptionMessage("Data request not found");
        }

        @Test
        void aUserWithoutAnyDataRequestAnswersNotFound() {
            List<Object> given = new ArrayList<>(journeyStart());
            refused(fixture, fulfil(ANSWER, T1), ResourceNotFoundException.class, given);
        }

        @Test
        void aReferenceIdThatIsNotTheUsersIsAMismatchAndNothingIsMerged() {
            refused(fixture, new FulfilDataRequestCommand(USER_ID, DR, "user_67890", UserData.of(ANSWER), DEFAULT, T1),
                    ReferenceIdMismatchException.class, openRequest());
        }

        @Test
        void theReferenceIdIsComparedExactly() {
            refused(fixture, new FulfilDataRequestCommand(USER_ID, DR, "USER_12345", UserData.of(ANSWER), DEFAULT, T1),
                    ReferenceIdMismatchException.class, openRequest());
        }

        @Test
        void atExactlyExpiresAtTheRequestHasExpiredAndNothingIsMerged() {
            refused(fixture, fulfil(ANSWER, EXPIRES_AT), LinkExpiredException.class, openRequest());
        }

        @Test
        void afterExpiresAtTheRequestHasExpiredAndNothingIsMerged() {
            refused(fixture, fulfil(ANSWER, EXPIRES_AT.plus(Duration.ofHours(1))), LinkExpiredException.class,
                    openRequest());
        }

        @Test
        void aPartiallyFulfilledRequestExpiresToo() {
            refused(fixture, fulfil(Map.of(SECOND_LAST_NAME, "Lopez", ID_NUMBER, "GALO900515", ID_TYPE, "passport"),
                    EXPIRES_AT), LinkExpiredException.class, partiallyAnswered());
        }
    }

    // ---------------------------------------------------------------- closing by any merge

    @Nested
    class ClosingByMerge {

        /** The request's whole ANSWER merged (not answered through the request) from {@code source} at {@code at}. */
        private ResultValidator<User> answerMergedIntoTheOpenRequest(FieldSource source, Instant at) {
            return fixture.given(openRequest())
                    .when(new MergeUserDataCommand(USER_ID, UserData.of(ANSWER), source, DEFAULT, at));
        }

        @Test
        void aWidgetMergeThatCompletesTheDataClosesTheOpenRequestAsFulfilledBySourceWidget() {
            answerMergedIntoTheOpenRequest(WIDGET, T1)
                    .expectEvents(completedAndFulfilledBy(WIDGET, T1).toArray())
                    .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of()));
        }

        @Test
        void aWidgetMergeCompletingAPartiallyFulfilledRequestClosesIt() {
            fixture.given(partiallyAnswered())
                    .when(new MergeUserDataCommand(USER_ID, UserData.of(
                            Map.of(SECOND_LAST_NAME, "Lopez", ID_NUMBER, "GALO900515", ID_TYPE, "passport")),
                            WIDGET, DEFAULT, T2))
                    .expectEvents(
                            merged(SECOND_LAST_NAME, WIDGET, "Lopez", null, T2),
                            merged(ID_NUMBER, WIDGET, "GALO900515", null, T2),
                            merged(ID_TYPE, WIDGET, "passport", null, T2),
                            statusChanged(DATA_INCOMPLETE, DATA_COMPLETE, List.of(), T2),
                            fulfilled(WIDGET, T2));
        }

        @Test
        void aWidgetMergeLeavingFieldsMissingLeavesTheRequestOpen() {
            fixture.given(openRequest())
                    .when(new MergeUserDataCommand(USER_ID, UserData.of(Map.of(DOB, "1990-05-15")), WIDGET, DEFAULT,
                            T1))
                    .expectEvents(
                            merged(DOB, WIDGET, "1990-05-15", null, T1),
                            statusChanged(DATA_INCOMPLETE, DATA_INCOMPLETE,
                                    List.of(SECOND_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T1));
        }

        @Test
        void afterTheWidgetClosedItTheRequestAnswersFulfilledAsOfTheWidgetsTime() {
            List<Object> given = openRequest();
            given.addAll(completedAndFulfilledBy(WIDGET, T1));

            fixture.given(given)
                    .when(fulfil(Map.of(), T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(fulfilledAsOf(T1));
        }

        @ParameterizedTest
        @EnumSource(FieldSource.class)
        void theClosingSourceIsTheMergesSource(FieldSource source) {
            answerMergedIntoTheOpenRequest(source, T1)
                    .expectEvents(completedAndFulfilledBy(source, T1).toArray());
        }

        @Test
        void anExpiredRequestIsNotClosedByALaterMerge() {
            Instant afterExpiry = EXPIRES_AT.plus(Duration.ofMinutes(1));
            answerMergedIntoTheOpenRequest(WIDGET, afterExpiry)
                    .expectEvents(completedBy(WIDGET, afterExpiry).toArray())
                    .expectResultMessagePayload(new MergeOutcome(DATA_COMPLETE, List.of(), List.of()));
        }

        @Test
        void aMergeAtExactlyExpiresAtDoesNotCloseTheRequest() {
            answerMergedIntoTheOpenRequest(WIDGET, EXPIRES_AT)
                    .expectEvents(completedBy(WIDGET, EXPIRES_AT).toArray());
        }

        @Test
        void onlyTheRequestsStillOpenAreClosed() {
            // The request of the first link expired with it; the request of the second link is open.
            String newRequest = "dr_acme_000000000002";
            String newLink = "link_acme_000000000002";
            Instant secondLinkAt = EXPIRES_AT.plus(Duration.ofMinutes(1));
            Instant secondExpiry = secondLinkAt.plus(Duration.ofMinutes(60));
            Instant mergeAt = secondLinkAt.plus(Duration.ofMinutes(5));
            List<Object> given = openRequest();
            given.add(new ActiveLinkAssignedEvent(USER_ID, newLink, secondExpiry, secondLinkAt));
            given.add(new DataRequestOpenedEvent(USER_ID, newRequest, newLink, PARTNER, ENV, REF, MISSING,
                    secondExpiry, secondLinkAt));
            List<Object> expected = completedBy(PARTNER_API, mergeAt);
            expected.add(new DataRequestFulfilledEvent(USER_ID, newRequest, newLink, PARTNER_API, mergeAt));

            fixture.given(given)
                    .when(new MergeUserDataCommand(USER_ID, UserData.of(ANSWER), PARTNER_API, DEFAULT, mergeAt))
                    .expectEvents(expected.toArray());
        }

        @Test
        void theExpiredRequestStillRefusesAnAnswerAfterTheUserWasCompletedElsewhere() {
            Instant afterExpiry = EXPIRES_AT.plus(Duration.ofMinutes(1));
            List<Object> given = openRequest();
            given.addAll(completedBy(WIDGET, afterExpiry));

            refused(fixture, fulfil(ANSWER, afterExpiry.plus(Duration.ofMinutes(1))), LinkExpiredException.class,
                    given);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** {@link #ANSWER} merged from {@code source} at {@code at} (no earlier values), and the user data_complete. */
    private static List<Object> completedBy(FieldSource source, Instant at) {
        List<Object> events = new ArrayList<>();
        ANSWER.forEach((field, value) -> events.add(merged(field, source, value, null, at)));
        events.add(statusChanged(DATA_INCOMPLETE, DATA_COMPLETE, List.of(), at));
        return events;
    }

    /** {@link #completedBy}, and the open request fulfilled by the same source. */
    private static List<Object> completedAndFulfilledBy(FieldSource source, Instant at) {
        List<Object> events = completedBy(source, at);
        events.add(fulfilled(source, at));
        return events;
    }

    /** What the fulfilled request answers: fulfilled as of {@code fulfilledAt}, nothing missing. */
    private static DataRequestAnswer fulfilledAsOf(Instant fulfilledAt) {
        return new DataRequestAnswer(DR, DataRequestStatus.FULFILLED, LINK, fulfilledAt, List.of());
    }

    private static Map<UserField, String> answer() {
        return fields(SECOND_NAME, "Carlos", SECOND_LAST_NAME, "Lopez", ID_NUMBER, "GALO900515", ID_TYPE, "passport",
                DOB, "1990-05-15");
    }

    /** The first link with the name only: created, firstName and lastName from partner_api, data_incomplete. */
    private static List<Object> journeyStart() {
        return List.of(
                new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, DEFAULT.stream().sorted().toList(), T0),
                merged(FIRST_NAME, PARTNER_API, "Juan", null, T0),
                merged(LAST_NAME, PARTNER_API, "Garcia", null, T0),
                statusChanged(PENDING, DATA_INCOMPLETE, MISSING, T0));
    }

    /** {@link #journeyStart()}, the link assigned, and the request for the missing fields opened with it. */
    private static List<Object> openRequest() {
        List<Object> events = new ArrayList<>(journeyStart());
        events.add(new ActiveLinkAssignedEvent(USER_ID, LINK, EXPIRES_AT, T0));
        events.add(opened());
        return events;
    }

    /** {@link #openRequest()} answered at T1 with secondName and dob only. */
    private static List<Object> partiallyAnswered() {
        List<Object> events = openRequest();
        events.add(merged(SECOND_NAME, PARTNER_WEBHOOK, "Carlos", null, T1));
        events.add(merged(DOB, PARTNER_WEBHOOK, "1990-05-15", null, T1));
        events.add(statusChanged(DATA_INCOMPLETE, DATA_INCOMPLETE, List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T1));
        events.add(partiallyFulfilled(List.of(SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T1));
        return events;
    }

    /** {@link #openRequest()} answered completely at T1. */
    private static List<Object> answered() {
        List<Object> events = openRequest();
        events.addAll(completedAndFulfilledBy(PARTNER_WEBHOOK, T1));
        return events;
    }

    /** {@link #answered()}, where the answer also carried a firstName that lost to partner_api. */
    private static List<Object> journeyAnswered() {
        List<Object> events = openRequest();
        events.add(ignored(FIRST_NAME, PARTNER_WEBHOOK, "Juanito", PARTNER_API, T1));
        events.addAll(completedAndFulfilledBy(PARTNER_WEBHOOK, T1));
        return events;
    }

    private static DataRequestOpenedEvent opened() {
        return new DataRequestOpenedEvent(USER_ID, DR, LINK, PARTNER, ENV, REF, MISSING, EXPIRES_AT, T0);
    }

    private static FulfilDataRequestCommand fulfil(Map<UserField, String> values, Instant at) {
        return new FulfilDataRequestCommand(USER_ID, DR, REF, UserData.of(values), DEFAULT, at);
    }

    private static DataRequestFulfilledEvent fulfilled(FieldSource source, Instant at) {
        return new DataRequestFulfilledEvent(USER_ID, DR, LINK, source, at);
    }

    private static DataRequestPartiallyFulfilledEvent partiallyFulfilled(List<UserField> remaining, Instant at) {
        return new DataRequestPartiallyFulfilledEvent(USER_ID, DR, LINK, remaining, at);
    }
}

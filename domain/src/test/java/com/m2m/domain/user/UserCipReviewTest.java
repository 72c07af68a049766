package com.m2m.domain.user;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.m2m.domain.testing.Refusals.refused;
import static com.m2m.domain.user.UserFixtures.userFixture;
import static com.m2m.domain.user.UserFixtures.USER_ID;
import static com.m2m.domain.user.CipReviewDecision.APPROVED;
import static com.m2m.domain.user.CipReviewDecision.REJECTED;
import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserStatus.CIP_FAILED;
import static com.m2m.domain.user.UserStatus.CIP_PENDING;
import static com.m2m.domain.user.UserStatus.CIP_VERIFIED;
import static com.m2m.domain.user.UserStatus.DATA_COMPLETE;
import static com.m2m.domain.user.UserStatus.DATA_INCOMPLETE;
import static com.m2m.domain.user.UserStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

/** Support's review of a failed verification, and rebuilding a user from a prefix of its events. */
class UserCipReviewTest {

    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T10:06:00Z");
    private static final Instant T3 = Instant.parse("2025-03-01T10:07:00Z");

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = userFixture();
    }

    @Test
    void approvingAFailedVerificationVerifiesTheUserAndRecordsWhoAndWhy() {
        fixture.given(failedUser())
                .when(new ReviewCipCommand(USER_ID, APPROVED, "ana", "Passport checked by phone", T3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new CipReviewedEvent(USER_ID, "ver_1", APPROVED, "ana", "Passport checked by phone", T3),
                        new UserStatusChangedEvent(USER_ID, CIP_FAILED, CIP_VERIFIED, List.of(), T3))
                .expectResultMessagePayload(CIP_VERIFIED);
    }

    @Test
    void rejectingConfirmsTheFailureAndKeepsTheBlock() {
        fixture.given(failedUser())
                .when(new ReviewCipCommand(USER_ID, REJECTED, "ana", "Document does not match", T3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CipReviewedEvent(USER_ID, "ver_1", REJECTED, "ana", "Document does not match", T3))
                .expectResultMessagePayload(CIP_FAILED);
    }

    @Test
    void aRejectedCaseCanStillBeApprovedOnASecondLook() {
        List<Object> given = failedUser();
        given.add(new CipReviewedEvent(USER_ID, "ver_1", REJECTED, "ana", "Document does not match", T3));
        fixture.given(given)
                .when(new ReviewCipCommand(USER_ID, APPROVED, "bo", "New document received", T3))
                .expectEvents(
                        new CipReviewedEvent(USER_ID, "ver_1", APPROVED, "bo", "New document received", T3),
                        new UserStatusChangedEvent(USER_ID, CIP_FAILED, CIP_VERIFIED, List.of(), T3));
    }

    @Test
    void onlyAFailedUserCanBeReviewed() {
        List<Object> verified = failedUser().subList(0, 7);
        List<Object> given = new ArrayList<>(verified);
        given.add(new CipVerifiedEvent(USER_ID, "ver_1", T2));
        given.add(new UserStatusChangedEvent(USER_ID, CIP_PENDING, CIP_VERIFIED, List.of(), T2));
        refused(fixture, new ReviewCipCommand(USER_ID, APPROVED, "ana", "why not", T3), InvalidStateException.class,
                given);
        refused(fixture, new ReviewCipCommand(USER_ID, REJECTED, "ana", "why not", T3), InvalidStateException.class,
                failedUser().subList(0, 5));
    }

    @Test
    void replayRebuildsTheAggregateStateAtEveryPrefixOfItsStream() {
        List<Object> events = failedUser();
        events.add(new FieldUpdateIgnoredEvent(USER_ID, FIRST_NAME, WIDGET, new PersonalData("Juanito"),
                PARTNER_API, FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, T3));
        UserReplay replay = new UserReplay();
        assertThat(replay.user()).isEmpty();
        long sequence = 0;
        for (Object event : events.subList(0, 5)) {
            replay.apply(new GenericDomainEventMessage<>("User", USER_ID, sequence++, event));
        }
        User afterMerge = replay.user().orElseThrow();
        assertThat(afterMerge.status()).isEqualTo(DATA_COMPLETE);
        assertThat(afterMerge.fields().get(FIRST_NAME).value().value()).isEqualTo("Juan");
        assertThat(afterMerge.fields().get(FIRST_NAME).source()).isEqualTo(PARTNER_API);
        assertThat(afterMerge.fields().keySet()).containsExactly(FIRST_NAME, DOB);

        for (Object event : events.subList(5, events.size())) {
            replay.apply(new GenericDomainEventMessage<>("User", USER_ID, sequence++, event));
        }
        User atEnd = replay.user().orElseThrow();
        assertThat(atEnd.status()).isEqualTo(CIP_FAILED);
        assertThat(atEnd.verificationId()).isEqualTo("ver_1");
        assertThat(atEnd.fields().get(FIRST_NAME).value().value()).as("an ignored write changes nothing")
                .isEqualTo("Juan");
    }

    /** Created (0-1), name and dob merged (2-4), verification started (5-6) and failed (7-8). */
    private static List<Object> failedUser() {
        return new ArrayList<>(List.of(
                new UserCreatedEvent(USER_ID, "acme", Environment.SANDBOX, "user_1", List.of(FIRST_NAME, DOB),
                        CREATED_AT),
                new UserStatusChangedEvent(USER_ID, PENDING, DATA_INCOMPLETE, List.of(FIRST_NAME, DOB), CREATED_AT),
                new FieldMergedEvent(USER_ID, FIRST_NAME, PARTNER_API, new PersonalData("Juan"), null, CREATED_AT),
                new FieldMergedEvent(USER_ID, DOB, PARTNER_API, new PersonalData("1900-01-01"), null, CREATED_AT),
                new UserStatusChangedEvent(USER_ID, DATA_INCOMPLETE, DATA_COMPLETE, List.of(), CREATED_AT),
                new CipVerificationStartedEvent(USER_ID, "ver_1", T1),
                new UserStatusChangedEvent(USER_ID, DATA_COMPLETE, CIP_PENDING, List.of(), T1),
                new CipFailedEvent(USER_ID, "ver_1", "identity_mismatch", T2),
                new UserStatusChangedEvent(USER_ID, CIP_PENDING, CIP_FAILED, List.of(), T2)));
    }
}

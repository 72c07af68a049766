package com.m2m.query.support;

import com.m2m.domain.common.Environment;
import com.m2m.domain.staff.StaffActor;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.PARTNER_WEBHOOK;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserStatus.CIP_PENDING;
import static com.m2m.domain.user.UserStatus.CIP_VERIFIED;
import static com.m2m.domain.user.UserStatus.DATA_COMPLETE;
import static com.m2m.domain.user.UserStatus.DATA_INCOMPLETE;
import static com.m2m.domain.user.UserStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reasons support reads for every field attempt, and the point-in-time state, from a hand-made stream. */
class UserHistoryTest {

    static final String USER = "user_acme_0123456789abcdef0123";
    static final Instant T0 = Instant.parse("2026-02-10T14:00:00Z");
    static final StaffActor MASKED = new StaffActor("sue", Set.of("SUPPORT"));
    static final StaffActor PII = new StaffActor("pia", Set.of("SUPPORT", "PII"));

    @Test
    void everyAttemptIsExplainedFromTheUserAsItWasJustBefore() {
        List<DomainEventMessage<?>> stream = newUserThen(
                new FieldMergedEvent(USER, FIRST_NAME, WIDGET, pd("Juan"), null, at(1)),
                new FieldMergedEvent(USER, DOB, WIDGET, pd("1990-05-15"), null, at(1)),
                new UserStatusChangedEvent(USER, DATA_INCOMPLETE, DATA_COMPLETE, List.of(), at(1)),
                new FieldMergedEvent(USER, FIRST_NAME, PARTNER_API, pd("Juan"), WIDGET, at(2)),
                new FieldUpdateIgnoredEvent(USER, FIRST_NAME, WIDGET, pd("Juan"), PARTNER_API,
                        FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, at(3)),
                new FieldUpdateIgnoredEvent(USER, FIRST_NAME, PARTNER_WEBHOOK, pd("Juanito"), PARTNER_API,
                        FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, at(3)),
                new FieldMergedEvent(USER, DOB, PARTNER_WEBHOOK, pd("1990-05-16"), WIDGET, at(4)),
                new CipVerificationStartedEvent(USER, "ver_1", at(5)),
                new UserStatusChangedEvent(USER, DATA_COMPLETE, CIP_PENDING, List.of(), at(5)),
                new CipVerifiedEvent(USER, "ver_1", at(6)),
                new UserStatusChangedEvent(USER, CIP_PENDING, CIP_VERIFIED, List.of(), at(6)),
                new FieldMergedEvent(USER, DOB, PARTNER_WEBHOOK, pd("1990-05-17"), PARTNER_WEBHOOK, at(7)),
                new UserStatusChangedEvent(USER, CIP_VERIFIED, DATA_COMPLETE, List.of(), at(7)));

        UserHistory.History history = UserHistory.of(stream, new PersonalValues(MASKED));
        List<String> reasons = new ArrayList<>();
        for (Map<String, Object> event : history.events()) {
            if (event.containsKey("outcome")) {
                reasons.add(event.get("source") + " " + event.get("field") + " " + event.get("outcome") + ": "
                        + event.get("reason") + " [" + event.get("value") + "]");
            }
        }
        assertThat(reasons).containsExactly(
                "widget name.firstName applied: new field [J***]",
                "widget dob applied: new field [****-**-15]",
                "partner_api name.firstName applied: same value, now held by partner_api [J***]",
                "widget name.firstName ignored: same value [J***]",
                "partner_webhook name.firstName ignored: partner_api holds this field [J***]",
                "partner_webhook dob applied: partner_webhook outranks widget [****-**-16]",
                "partner_webhook dob applied: identity field changed: verification reset [****-**-17]");
        assertThat(history.events()).extracting(event -> event.get("sequence"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(history.referenceId()).isEqualTo("r1");

        UserHistory.History unmasked = UserHistory.of(stream, new PersonalValues(PII));
        assertThat(unmasked.events().get(7).get("value")).isEqualTo("Juanito");
    }

    @Test
    void theStateAsOfAnInstantIsTheAggregateRebuiltFromThePrefixUpToIt() {
        List<DomainEventMessage<?>> stream = newUserThen(
                new FieldMergedEvent(USER, FIRST_NAME, PARTNER_API, pd("Juan"), null, at(1)),
                new UserStatusChangedEvent(USER, DATA_INCOMPLETE, DATA_INCOMPLETE, List.of(DOB), at(1)),
                new FieldMergedEvent(USER, DOB, WIDGET, pd("1990-05-15"), null, at(2)),
                new UserStatusChangedEvent(USER, DATA_INCOMPLETE, DATA_COMPLETE, List.of(), at(2)));
        assertThatThrownBy(() -> UserStateAt.of(stream, T0.minusMillis(1), new PersonalValues(MASKED)))
                .hasMessageContaining("did not exist");

        UserStateAt.State created = UserStateAt.of(stream, T0, new PersonalValues(MASKED));
        assertThat(created.status()).isEqualTo("data_incomplete");
        assertThat(created.fields()).isEmpty();

        UserStateAt.State one = UserStateAt.of(stream, at(1).plusSeconds(30), new PersonalValues(MASKED));
        assertThat(one.missingFields()).containsExactly("dob");
        assertThat(one.fields()).containsOnlyKeys("name.firstName");
        assertThat(one.fields().get("name.firstName"))
                .isEqualTo(new UserStateAt.FieldState("J***", "partner_api", at(1)));

        UserStateAt.State two = UserStateAt.of(stream, at(2), new PersonalValues(PII));
        assertThat(two.status()).isEqualTo("data_complete");
        assertThat(two.fields().get("dob")).isEqualTo(new UserStateAt.FieldState("1990-05-15", "widget", at(2)));
    }

    private static PersonalData pd(String value) {
        return new PersonalData(value);
    }

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    /** The stream of user r1, created needing the first name and the date of birth, then {@code later}. */
    private static List<DomainEventMessage<?>> newUserThen(Object... later) {
        List<Object> events = new ArrayList<>(List.of(
                new UserCreatedEvent(USER, "acme", Environment.SANDBOX, "r1", List.of(FIRST_NAME, DOB), T0),
                new UserStatusChangedEvent(USER, PENDING, DATA_INCOMPLETE, List.of(FIRST_NAME, DOB), T0)));
        events.addAll(List.of(later));
        return stream(events.toArray());
    }

    private static List<DomainEventMessage<?>> stream(Object... events) {
        List<DomainEventMessage<?>> stream = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            stream.add(new GenericDomainEventMessage<>("User", USER, i, events[i]));
        }
        return stream;
    }
}

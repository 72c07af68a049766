package com.m2m.query.support;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserForgottenEvent;
import com.m2m.domain.user.UserReplay;
import com.m2m.domain.user.UserStartedOverEvent;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /support/users/{userId}/state?asOf=}: the {@link User} aggregate rebuilt by its own handlers from the
 * prefix of its stream recorded up to {@code asOf} (inclusive), so it is exactly what the platform decided with at
 * that moment. {@code activeLinkId} is the link last assigned (whether it was still open is the link's own
 * history); a data request still open at {@code expiresAt ≤ asOf} reads {@code expired}, as it does for the partner.
 */
final class UserStateAt {

    record FieldState(Object value, String source, Instant updatedAt) {
    }

    record DataRequestState(String dataRequestId, String linkId, String status, List<String> remainingFields,
                            Instant expiresAt, Instant fulfilledAt) {
    }

    record State(Instant asOf, String userId, String referenceId, String status, List<String> missingFields,
                 Map<String, FieldState> fields, String activeLinkId, List<DataRequestState> dataRequests) {
    }

    private UserStateAt() {
    }

    /** @throws ResourceNotFoundException when the user did not exist yet at {@code asOf} */
    static State of(List<DomainEventMessage<?>> stream, Instant asOf, PersonalValues values) {
        UserReplay replay = new UserReplay();
        // Forgetting drops the aggregate's fields; support still sees which fields there were, their sources and
        // times, with erased values (the events still name them; their values cannot be read without the key).
        Map<UserField, User.StoredField> fieldsWhenForgotten = null;
        for (DomainEventMessage<?> message : stream) {
            if (UserEventStream.at(message).isAfter(asOf)) {
                break;
            }
            if (message.getPayload() instanceof UserForgottenEvent) {
                fieldsWhenForgotten = replay.user().map(u -> new LinkedHashMap<>(u.fields())).orElse(null);
            } else if (message.getPayload() instanceof UserStartedOverEvent) {
                fieldsWhenForgotten = null;
            }
            replay.apply(message);
        }
        User user = replay.user().orElseThrow(() -> new ResourceNotFoundException("User did not exist at " + asOf));
        Map<UserField, User.StoredField> known = user.isForgotten() && fieldsWhenForgotten != null
                ? fieldsWhenForgotten : user.fields();
        Map<String, FieldState> fields = new LinkedHashMap<>();
        known.forEach((field, stored) -> fields.put(field.path(),
                new FieldState(values.show(field, stored.value()), stored.source().wireName(), stored.at())));
        List<DataRequestState> requests = user.dataRequests().stream()
                .map(request -> new DataRequestState(request.id(), request.linkId(),
                        request.status() != DataRequestStatus.FULFILLED && !asOf.isBefore(request.expiresAt())
                                ? DataRequestStatus.EXPIRED.wireName() : request.status().wireName(),
                        UserHistory.paths(request.remainingFields()), request.expiresAt(), request.fulfilledAt()))
                .toList();
        return new State(asOf, user.userId(), user.referenceId(), user.status().wireName(),
                UserHistory.paths(user.missingFields()), fields, user.activeLinkId(), requests);
    }
}

package com.m2m.query.support;

import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserForgottenEvent;
import com.m2m.domain.user.UserStartedOverEvent;
import com.m2m.domain.user.UserReplay;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /support/users/{userId}/history}: every event of the user's stream, in order, as
 * {@code {sequence, at, type, ...}}. Field attempts say {@code field}, {@code source}, {@code outcome}
 * ({@code applied}/{@code ignored}), {@code reason} and the (masked) {@code value}. The reason is explained from the
 * user as it was just before the attempt, rebuilt by the aggregate's own handlers ({@link UserReplay}).
 */
final class UserHistory {

    static final String OUTCOME_APPLIED = "applied";
    static final String OUTCOME_IGNORED = "ignored";

    /** {@code links}: each link the user was given, with its own lifecycle events ({@link LinkHistory}). */
    record History(String userId, String partnerId, String environment, String referenceId,
                   List<Map<String, Object>> events, List<LinkHistory.Link> links) {

        History withLinks(List<LinkHistory.Link> links) {
            return new History(userId, partnerId, environment, referenceId, events, links);
        }
    }

    private UserHistory() {
    }

    static History of(List<DomainEventMessage<?>> stream, PersonalValues values) {
        UserReplay replay = new UserReplay();
        List<Map<String, Object>> events = new ArrayList<>();
        for (DomainEventMessage<?> message : stream) {
            User before = replay.user().orElse(null);
            events.add(describe(message, before, values));
            replay.apply(message);
        }
        User user = replay.user().orElseThrow();
        return new History(user.userId(), user.partnerId(), user.environment().wireName(), user.referenceId(),
                events, List.of());
    }

    private static Map<String, Object> describe(DomainEventMessage<?> message, User before, PersonalValues values) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sequence", message.getSequenceNumber());
        out.put("at", UserEventStream.at(message));
        Object event = message.getPayload();
        if (event instanceof UserCreatedEvent e) {
            out.put("type", "user.created");
            out.put("partnerId", e.partnerId());
            out.put("environment", e.environment().wireName());
            out.put("referenceId", e.referenceId());
            out.put("requiredFields", paths(e.requiredFields()));
        } else if (event instanceof FieldMergedEvent e) {
            fieldWrite(out, "field.merged", e.field(), e.source(), OUTCOME_APPLIED);
            out.put("previousSource", e.previousSource() == null ? null : e.previousSource().wireName());
            out.put("reason", appliedReason(e, before));
            out.put("value", values.show(e.field(), e.value()));
        } else if (event instanceof FieldUpdateIgnoredEvent e) {
            fieldWrite(out, "field.ignored", e.field(), e.source(), OUTCOME_IGNORED);
            out.put("heldBy", e.storedSource().wireName());
            out.put("reason", ignoredReason(e, before));
            out.put("value", values.show(e.field(), e.attemptedValue()));
        } else if (event instanceof UserStatusChangedEvent e) {
            out.put("type", "user.status_changed");
            out.put("previousStatus", e.previousStatus().wireName());
            out.put("status", e.status().wireName());
            out.put("missingFields", paths(e.missingFields()));
        } else if (event instanceof ActiveLinkAssignedEvent e) {
            out.put("type", "link.assigned");
            out.put("linkId", e.linkId());
            out.put("expiresAt", e.expiresAt());
        } else if (event instanceof DataRequestOpenedEvent e) {
            dataRequest(out, "data_request.opened", e.dataRequestId(), e.linkId(), "pending");
            out.put("requiredFields", paths(e.requiredFields()));
            out.put("expiresAt", e.expiresAt());
        } else if (event instanceof DataRequestPartiallyFulfilledEvent e) {
            dataRequest(out, "data_request.partially_fulfilled", e.dataRequestId(), e.linkId(),
                    "partially_fulfilled");
            out.put("remainingFields", paths(e.remainingFields()));
        } else if (event instanceof DataRequestFulfilledEvent e) {
            dataRequest(out, "data_request.fulfilled", e.dataRequestId(), e.linkId(), "fulfilled");
            out.put("source", e.source().wireName());
        } else if (event instanceof CipVerificationStartedEvent e) {
            cip(out, "cip.started", e.verificationId());
        } else if (event instanceof CipVerifiedEvent e) {
            cip(out, "cip.verified", e.verificationId());
        } else if (event instanceof CipFailedEvent e) {
            cip(out, "cip.failed", e.verificationId());
            out.put("reason", e.reason());
        } else if (event instanceof CipReviewedEvent e) {
            cip(out, "cip.reviewed", e.verificationId());
            out.put("decision", e.decision().wireName());
            out.put("actor", e.actor());
            out.put("reason", e.reason());
        } else if (event instanceof UserForgottenEvent) {
            out.put("type", "user.forgotten");              // the operator is the event's actor (below)
        } else if (event instanceof UserStartedOverEvent e) {
            out.put("type", "user.started_over");
            out.put("requiredFields", paths(e.requiredFields()));
        } else {
            // An event type added later: named, without details, so the history stays complete.
            out.put("type", message.getPayloadType().getSimpleName());
        }
        Object actor = message.getMetaData().get("actor");
        if (actor != null && !out.containsKey("actor")) {
            out.put("actor", actor);
        }
        return out;
    }

    /** Why a write won: the field was new, an identity change reset verification, or the source may replace. */
    static String appliedReason(FieldMergedEvent event, User before) {
        User.StoredField stored = before == null ? null : before.fields().get(event.field());
        if (stored == null) {
            return "new field";
        }
        // An erased value (forgotten user) is the same as nothing: the reasons that need the values cannot tell.
        boolean sameValue = stored.value().sameValueAs(event.value());
        UserStatus status = before.status();
        if (event.field().isIdentity() && !sameValue
                && (status == UserStatus.CIP_PENDING || status == UserStatus.CIP_VERIFIED)) {
            return "identity field changed: verification reset";
        }
        if (sameValue) {
            return "same value, now held by " + event.source().wireName();
        }
        FieldSource previous = stored.source();
        return previous == event.source()
                ? event.source().wireName() + " replaced its own value"
                : event.source().wireName() + " outranks " + previous.wireName();
    }

    /** Why a write lost: the value was already there, or a higher-priority source holds the field. */
    static String ignoredReason(FieldUpdateIgnoredEvent event, User before) {
        User.StoredField stored = before == null ? null : before.fields().get(event.field());
        if (stored != null && stored.value().sameValueAs(event.attemptedValue())) {
            return "same value";
        }
        return event.storedSource().wireName() + " holds this field";
    }

    /** A data request event: what, which request on which link, and the status it leaves the request in. */
    private static void dataRequest(Map<String, Object> out, String type, String dataRequestId, String linkId,
                                    String status) {
        out.put("type", type);
        out.put("dataRequestId", dataRequestId);
        out.put("linkId", linkId);
        out.put("status", status);
    }

    /** A write of one field, applied or ignored: which field, from which source. */
    private static void fieldWrite(Map<String, Object> out, String type, UserField field, FieldSource source,
                                   String outcome) {
        out.put("type", type);
        out.put("field", field.path());
        out.put("source", source.wireName());
        out.put("outcome", outcome);
    }

    private static void cip(Map<String, Object> out, String type, String verificationId) {
        out.put("type", type);
        out.put("verificationId", verificationId);
    }

    static List<String> paths(List<UserField> fields) {
        return fields.stream().map(UserField::path).toList();
    }
}

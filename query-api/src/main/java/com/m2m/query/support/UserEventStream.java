package com.m2m.query.support;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's events, read from the event store itself (never from a projection), in sequence order. Support's
 * history and point-in-time state are built from this.
 */
@Component
public class UserEventStream {

    static final String NOT_FOUND = "User not found";

    private final EventStore eventStore;

    public UserEventStream(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * @throws ResourceNotFoundException when the id is no user's (wrong shape, another aggregate's id, or unknown)
     */
    public List<DomainEventMessage<?>> read(String userId) {
        if (!Identifiers.isUserId(userId)) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        List<DomainEventMessage<?>> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(userId);
        stream.forEachRemaining(events::add);
        if (events.isEmpty() || !(events.get(0).getPayload() instanceof UserCreatedEvent)) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        return events;
    }

    /**
     * When an event happened, as the platform recorded it in the event (the time the APIs show), falling back to
     * the message's timestamp for an event type this class does not know.
     */
    public static Instant at(DomainEventMessage<?> message) {
        Object event = message.getPayload();
        if (event instanceof UserCreatedEvent e) {
            return e.createdAt();
        } else if (event instanceof FieldMergedEvent e) {
            return e.at();
        } else if (event instanceof FieldUpdateIgnoredEvent e) {
            return e.at();
        } else if (event instanceof UserStatusChangedEvent e) {
            return e.at();
        } else if (event instanceof ActiveLinkAssignedEvent e) {
            return e.at();
        } else if (event instanceof DataRequestOpenedEvent e) {
            return e.at();
        } else if (event instanceof DataRequestPartiallyFulfilledEvent e) {
            return e.at();
        } else if (event instanceof DataRequestFulfilledEvent e) {
            return e.at();
        } else if (event instanceof CipVerificationStartedEvent e) {
            return e.at();
        } else if (event instanceof CipVerifiedEvent e) {
            return e.at();
        } else if (event instanceof CipFailedEvent e) {
            return e.at();
        } else if (event instanceof CipReviewedEvent e) {
            return e.at();
        }
        return message.getTimestamp();
    }
}

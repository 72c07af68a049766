package com.m2m.query.support;

import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of every link a user was given, read from each link's own stream in the event store (a link's
 * opening, flow, completion, expiry and revocation are the {@code Link} aggregate's facts, not the user's), so that
 * support sees everything the partner's activity timeline shows, with actors where a staff member acted. The link
 * token's hash and device details stay out: support needs what happened, not the secret.
 */
@Component
public class LinkHistory {

    record Link(String linkId, List<Map<String, Object>> events) {
    }

    private final EventStore eventStore;

    public LinkHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    List<Link> of(List<DomainEventMessage<?>> userStream) {
        Set<String> linkIds = new LinkedHashSet<>();
        userStream.forEach(message -> {
            if (message.getPayload() instanceof ActiveLinkAssignedEvent assigned) {
                linkIds.add(assigned.linkId());
            }
        });
        List<Link> links = new ArrayList<>();
        for (String linkId : linkIds) {
            List<Map<String, Object>> events = new ArrayList<>();
            eventStore.readEvents(linkId).forEachRemaining(message -> events.add(describe(message)));
            links.add(new Link(linkId, events));
        }
        return links;
    }

    private static Map<String, Object> describe(DomainEventMessage<?> message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sequence", message.getSequenceNumber());
        Object event = message.getPayload();
        if (event instanceof LinkCreatedEvent e) {
            put(out, e.createdAt(), "link.created", "created");
            out.put("expiresAt", e.expiresAt());
            out.put("flow", e.options().flow());
        } else if (event instanceof LinkOpenedEvent e) {
            put(out, e.openedAt(), "link.opened", "opened");
        } else if (event instanceof LinkFlowStartedEvent e) {
            put(out, e.at(), "link.flow_started", "in_progress");
        } else if (event instanceof LinkCompletedEvent e) {
            put(out, e.completedAt(), "link.completed", "completed");
            out.put("operationId", e.operationId());
        } else if (event instanceof LinkExpiredEvent e) {
            put(out, e.expiredAt(), "link.expired", "expired");
        } else if (event instanceof LinkRevokedEvent e) {
            put(out, e.revokedAt(), "link.revoked", "revoked");
            out.put("reason", e.reason());
        } else {
            put(out, message.getTimestamp(), message.getPayloadType().getSimpleName());
        }
        Object actor = message.getMetaData().get("actor");
        if (actor != null) {
            out.put("actor", actor);
        }
        return out;
    }

    private static void put(Map<String, Object> out, Instant at, String type) {
        out.put("at", at);
        out.put("type", type);
    }

    /** A link event: when, what, and the status it leaves the link in. */
    private static void put(Map<String, Object> out, Instant at, String type, String status) {
        put(out, at, type);
        out.put("status", status);
    }
}

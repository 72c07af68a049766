package com.m2m.webhook.outbox;

import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipReviewDecision;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.webhook.common.WebhookIds;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns domain events into webhook deliveries. Runs as a streaming processor with its own token, in the same
 * transaction as the rows it writes: an event is either fully turned into its delivery (and its token moved past
 * it) or not at all, and a delivery accepted here survives any crash.
 *
 * <p>The webhook id comes from the event message's identifier, and a delivery is inserted only if absent, so
 * handling one event twice never sends it twice. During a replay (after a token reset) the context tables are
 * rebuilt but no delivery is written at all: a rebuild must never re-send history, nor send old events that were
 * not sent at the time (e.g. before a URL was configured).
 *
 * <p>Each event type maps in one small method of a mapper per event family ({@link LinkWebhookMapper},
 * {@link DataRequestWebhookMapper}, {@link CipWebhookMapper}, {@link OperationWebhookMapper}); a new webhook is one
 * handler here and one method there. {@code OperationProcessingEvent} is deliberately not handled: it is not a
 * webhook event.
 */
@Component
@ProcessingGroup(WebhookOutboxProjector.PROCESSING_GROUP)
public record WebhookOutboxProjector(OutboxContexts contexts, LinkWebhookMapper links,
                                     DataRequestWebhookMapper dataRequests, CipWebhookMapper cip,
                                     OperationWebhookMapper operations, Outbox outbox) {

    public static final String PROCESSING_GROUP = "webhook-outbox";

    private static final Logger log = LoggerFactory.getLogger(WebhookOutboxProjector.class);

    // ---------------------------------------------------------------- context only

    @EventHandler
    public void on(UserCreatedEvent event) {
        contexts.saveUser(event);
    }

    @EventHandler
    public void on(ActiveLinkAssignedEvent event) {
        contexts.assignActiveLink(event);
    }

    // ---------------------------------------------------------------- webhooks

    @EventHandler
    public void on(LinkCreatedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        contexts.saveLink(event);
        unlessReplayed(replay, () -> links.created(event, WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(LinkOpenedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> links.opened(event, contexts.findLink(event.linkId()),
                WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(LinkCompletedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> links.completed(event, contexts.findLink(event.linkId()),
                WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(LinkRevokedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> links.revoked(event, contexts.findLink(event.linkId()),
                WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(LinkExpiredEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> links.expired(event, contexts.findLink(event.linkId()),
                WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(DataRequestOpenedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> dataRequests.opened(event, contexts.findLink(event.linkId()),
                    WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(CipVerifiedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay()) {
            user(event.userId()).ifPresent(user -> outbox.enqueue(cip.verified(event, user,
                    activeLink(user), WebhookIds.forEvent(messageId))));
        }
    }

    /** Only an approval is news for the partner: a rejection confirms the {@code user.cip_failed} already sent. */
    @EventHandler
    public void on(CipReviewedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay() && event.decision() == CipReviewDecision.APPROVED) {
            user(event.userId()).ifPresent(user -> outbox.enqueue(cip.reviewedVerified(event, user,
                    activeLink(user), WebhookIds.forEvent(messageId))));
        }
    }

    @EventHandler
    public void on(CipFailedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay()) {
            user(event.userId()).ifPresent(user -> outbox.enqueue(cip.failed(event, user,
                    activeLink(user), WebhookIds.forEvent(messageId))));
        }
    }

    @EventHandler
    public void on(OperationCreatedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        contexts.saveOperation(event);
        unlessReplayed(replay, () -> operations.created(event, link(event.linkId()), WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(OperationCompletedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> operations.completed(event, contexts.findOperation(event.operationId()),
                    link(event.linkId()), WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(OperationFailedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> operations.failed(event, contexts.findOperation(event.operationId()),
                    link(event.linkId()), WebhookIds.forEvent(messageId)));
    }

    @EventHandler
    public void on(OperationCancelledEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        unlessReplayed(replay, () -> operations.cancelled(event, link(event.linkId()), WebhookIds.forEvent(messageId)));
    }

    /** Only the context tables: deliveries are history of what was sent and survive a rebuild. */
    @ResetHandler
    public void reset() {
        contexts.reset();
    }

    private Optional<LinkContext> link(String linkId) {
        return linkId == null ? Optional.empty() : contexts.findLink(linkId);
    }

    private Optional<LinkContext> activeLink(UserContext user) {
        return link(user.activeLinkId());
    }

    /** A CIP event names only the user; without the user's context its partner is unknown and nothing is sent. */
    private Optional<UserContext> user(String userId) {
        Optional<UserContext> user = contexts.findUser(userId);
        if (user.isEmpty()) {
            log.warn("No context for user {}: its CIP webhook cannot be addressed and is not sent", userId);
        }
        return user;
    }

    /**
     * Puts the event's webhook in the outbox unless the event is being replayed (a rebuild of the contexts must
     * never send anything again). The webhook is built only when it is sent: building reads the contexts.
     */
    private void unlessReplayed(ReplayStatus replay, Supplier<OutgoingWebhook> webhook) {
        if (!replay.isReplay()) {
            outbox.enqueue(webhook.get());
        }
    }
}

package com.m2m.webhook.outbox;

import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.webhook.common.WebhookIds;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

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
 * {@link DataRequestWebhookMapper}); a new webhook is one handler here and one method there.
 */
@Component
@ProcessingGroup(WebhookOutboxProjector.PROCESSING_GROUP)
public class WebhookOutboxProjector {

    public static final String PROCESSING_GROUP = "webhook-outbox";

    private final OutboxContexts contexts;
    private final LinkWebhookMapper links;
    private final DataRequestWebhookMapper dataRequests;
    private final Outbox outbox;

    public WebhookOutboxProjector(OutboxContexts contexts, LinkWebhookMapper links,
                                  DataRequestWebhookMapper dataRequests, Outbox outbox) {
        this.contexts = contexts;
        this.links = links;
        this.dataRequests = dataRequests;
        this.outbox = outbox;
    }

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
        if (!replay.isReplay()) {
            outbox.enqueue(links.created(event, WebhookIds.forEvent(messageId)));
        }
    }

    @EventHandler
    public void on(LinkRevokedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay()) {
            outbox.enqueue(links.revoked(event, contexts.findLink(event.linkId()), WebhookIds.forEvent(messageId)));
        }
    }

    @EventHandler
    public void on(LinkExpiredEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay()) {
            outbox.enqueue(links.expired(event, contexts.findLink(event.linkId()), WebhookIds.forEvent(messageId)));
        }
    }

    @EventHandler
    public void on(DataRequestOpenedEvent event, @MessageIdentifier String messageId, ReplayStatus replay) {
        if (!replay.isReplay()) {
            outbox.enqueue(dataRequests.opened(event, contexts.findLink(event.linkId()),
                    WebhookIds.forEvent(messageId)));
        }
    }

    /** Only the context tables: deliveries are history of what was sent and survive a rebuild. */
    @ResetHandler
    public void reset() {
        contexts.reset();
    }
}

package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One magic link's lifecycle. Created by {@link LinkCreationHandler} together with the user's assignment. */
public class Link {

    /** The one answer for a link that does not exist and for one of another tenant. */
    public static final String NOT_FOUND = "Link not found";

    @AggregateIdentifier
    private String linkId;
    private String userId;
    private String partnerId;
    private Environment environment;
    private String referenceId;
    private LinkStatus status;
    private Instant expiresAt;

    Link() {
        // required by Axon to rebuild the aggregate from its events
    }

    Link(CreateLinkCommand command) {
        apply(new LinkCreatedEvent(command.linkId(), command.userId(), command.partnerId(), command.environment(),
                command.referenceId(), command.tokenHash(), command.options(), command.expiresAt(),
                command.requestedAt()));
    }

    @CommandHandler
    RevocationResult handle(RevokeLinkCommand command) {
        if (!partnerId.equals(command.partnerId()) || environment != command.environment()) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        if (expireIfDue(command.requestedAt())) {
            return new RevocationResult(linkId, true, null);
        }
        if (status == LinkStatus.EXPIRED) {
            throw new LinkExpiredException();
        }
        if (!status.isActive()) {
            throw new InvalidStateException("Only created, opened or in_progress links can be revoked; this link is "
                    + status.wireName());
        }
        apply(new LinkRevokedEvent(linkId, userId, partnerId, environment, referenceId, command.reason(),
                command.requestedAt()));
        return new RevocationResult(linkId, false, command.requestedAt());
    }

    /** Active = usable now: an active status and time left. */
    public boolean isActiveAt(Instant now) {
        return status.isActive() && now.isBefore(expiresAt);
    }

    /**
     * Records the expiry of a link whose time has run out but which nothing has expired yet.
     *
     * @return whether it expired just now
     */
    public boolean expireIfDue(Instant now) {
        if (status.isActive() && !now.isBefore(expiresAt)) {
            apply(new LinkExpiredEvent(linkId, userId, partnerId, environment, referenceId, expiresAt, now));
            return true;
        }
        return false;
    }

    @EventSourcingHandler
    void on(LinkCreatedEvent event) {
        linkId = event.linkId();
        userId = event.userId();
        partnerId = event.partnerId();
        environment = event.environment();
        referenceId = event.referenceId();
        expiresAt = event.expiresAt();
        status = LinkStatus.CREATED;
    }

    @EventSourcingHandler
    void on(LinkRevokedEvent event) {
        status = LinkStatus.REVOKED;
    }

    @EventSourcingHandler
    void on(LinkExpiredEvent event) {
        status = LinkStatus.EXPIRED;
    }
}

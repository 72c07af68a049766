package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.StatusEvent;
import com.m2m.domain.partner.PartnerStanding;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One magic link's lifecycle (docs/domain.md "Links"): {@code created → opened → in_progress → completed}, or
 * {@code expired} / {@code revoked} from any of the first three. Created by {@link LinkCreationHandler} together with
 * the user's assignment, which also schedules the {@link #EXPIRY_DEADLINE}; completed by the operation-creation
 * handler through {@link #complete(String, Instant)}.
 */
public class Link {

    /** The one answer for a link that does not exist, one of another tenant, and a wrong token. */
    public static final String NOT_FOUND = "Link not found";

    /** The persistent deadline, due at {@code expiresAt}, that expires the link even if nobody looks. */
    public static final String EXPIRY_DEADLINE = "link-expiry";

    static final String REVOKED_MESSAGE = "This link was revoked";
    static final String COMPLETED_MESSAGE = "This link was already used";
    static final String NOT_OPENED_MESSAGE = "This link has not been opened yet";

    @AggregateIdentifier
    private String linkId;
    private String userId;
    private String partnerId;
    private Environment environment;
    private String referenceId;
    private String tokenHash;
    private LinkOptions options;
    private LinkStatus status;
    private Instant expiresAt;
    private String operationId;

    Link() {
        // required by Axon to rebuild the aggregate from its events
    }

    Link(CreateLinkCommand command) {
        apply(new LinkCreatedEvent(command.linkId(), command.userId(), command.partnerId(), command.environment(),
                command.referenceId(), command.tokenHash(), command.options(), command.expiresAt(),
                command.requestedAt()));
    }

    /** Where the {@link #EXPIRY_DEADLINE} of link {@code linkId} is delivered: the link aggregate itself. */
    public static AggregateScopeDescriptor scope(String linkId) {
        return new AggregateScopeDescriptor(Link.class.getSimpleName(), linkId);
    }

    // ---------------------------------------------------------------- partner

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

    /**
     * Sandbox helper: expire an active link now, as if its time had run out ({@code expiredAt} is the command's
     * time, not {@code expiresAt}).
     */
    @CommandHandler
    void handle(ExpireLinkCommand command) {
        if (!partnerId.equals(command.partnerId()) || environment != command.environment()) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        refuseTerminal();
        apply(new LinkExpiredEvent(linkId, userId, partnerId, environment, referenceId, command.at(), command.at()));
    }

    // ---------------------------------------------------------------- widget

    /**
     * The widget exchanges the token for a session. The token is checked before anything else, so a wrong token
     * learns nothing (not even whether the link exists). A link whose time ran out has its expiry recorded and is
     * answered with {@code expired = true} (not an exception, which would roll the expiry back). A suspended
     * partner's link is not opened at all (403 {@code PARTNER_SUSPENDED}, nothing recorded), asked after the token so
     * that a wrong token still learns nothing.
     */
    @CommandHandler
    LinkOpening handle(OpenLinkCommand command, PartnerStanding partners) throws Exception {
        if (!tokenMatches(command.tokenHash())) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        partners.ensureActive(partnerId);
        if (expireIfDue(command.at())) {
            return opening(true);
        }
        refuseTerminal();
        if (status == LinkStatus.CREATED) {
            apply(new LinkOpenedEvent(linkId, userId, partnerId, environment, referenceId,
                    command.deviceInfo() == null ? DeviceInfo.UNKNOWN : command.deviceInfo(), command.at()));
        }
        return opening(false);
    }

    /** The end user acted in the widget: {@code opened → in_progress} once; later calls change nothing. */
    @CommandHandler
    void handle(StartLinkFlowCommand command) {
        ensureUsableAt(command.at());
        if (status == LinkStatus.OPENED) {
            apply(new LinkFlowStartedEvent(linkId, userId, partnerId, environment, referenceId, command.at()));
        }
    }

    // ---------------------------------------------------------------- expiry

    /**
     * The {@link #EXPIRY_DEADLINE}: expires a still-active link; a revoked, completed or expired one stays as is.
     * {@code recordedAt} is now, but never before {@code expiresAt} (a scheduler may fire a fraction early, a node's
     * clock may lag).
     */
    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void onExpiryDeadline() {
        if (status.isActive()) {
            Instant now = Instant.now();
            apply(new LinkExpiredEvent(linkId, userId, partnerId, environment, referenceId, expiresAt,
                    now.isBefore(expiresAt) ? expiresAt : now));
        }
    }

    /** Revoked or expired (also early, by the sandbox helper): the link's data requests are closed with it. */
    public boolean isRevokedOrExpired() {
        return status == LinkStatus.REVOKED || status == LinkStatus.EXPIRED;
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

    // ---------------------------------------------------------------- operations

    /**
     * Refuses unless the end user can act on the link now: opened or in progress, with time left.
     *
     * @throws LinkExpiredException  expired, or its time ran out
     * @throws InvalidStateException revoked, completed, or not opened yet
     */
    public void ensureUsableAt(Instant at) {
        refuseTerminal();
        if (!at.isBefore(expiresAt)) {
            throw new LinkExpiredException();
        }
        if (status == LinkStatus.CREATED) {
            throw new InvalidStateException(NOT_OPENED_MESSAGE);
        }
    }

    /** The user confirmed operation {@code operationId}: the link is done, its user free for a new one. */
    public void complete(String operationId, Instant at) {
        ensureUsableAt(at);
        apply(new LinkCompletedEvent(linkId, userId, partnerId, environment, referenceId, operationId, at));
    }

    // ---------------------------------------------------------------- read access

    /** Whose link this is: what an operation created from it carries. */
    public LinkOwner owner() {
        return new LinkOwner(userId, new Tenant(partnerId, environment), referenceId);
    }

    // ---------------------------------------------------------------- helpers

    /** Expired → 410; revoked or completed → 409. Nothing for an active link. */
    private void refuseTerminal() {
        switch (status) {
            case EXPIRED -> throw new LinkExpiredException();
            case REVOKED -> throw new InvalidStateException(REVOKED_MESSAGE, LinkStatus.REVOKED.wireName());
            case COMPLETED -> throw new InvalidStateException(COMPLETED_MESSAGE, LinkStatus.COMPLETED.wireName());
            default -> {
                // active
            }
        }
    }

    /** Constant-time, so the comparison leaks nothing about the stored hash. */
    private boolean tokenMatches(String presented) {
        return presented != null && tokenHash != null && MessageDigest.isEqual(
                tokenHash.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private LinkOpening opening(boolean expired) {
        return new LinkOpening(linkId, userId, partnerId, environment, referenceId, status, expiresAt, options,
                expired);
    }

    @EventSourcingHandler
    void on(LinkCreatedEvent event) {
        linkId = event.linkId();
        userId = event.userId();
        partnerId = event.partnerId();
        environment = event.environment();
        referenceId = event.referenceId();
        tokenHash = event.tokenHash();
        options = event.options();
        expiresAt = event.expiresAt();
        status = LinkStatus.CREATED;
    }

    @EventSourcingHandler
    void on(StatusEvent event) {
        status = StatusEvent.statusAfter(event, LinkStatus.AFTER);
    }

    @EventSourcingHandler
    void on(LinkCompletedEvent event) {
        status = LinkStatus.COMPLETED;
        operationId = event.operationId();
    }
}

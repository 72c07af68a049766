package com.m2m.domain.link;

import com.m2m.domain.common.ActiveLinkExistsException;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.MergeOutcome;
import com.m2m.domain.user.User;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Creates a link and binds it to its user in one unit of work (one database transaction). The user's stream
 * carries the one-active-link decision: concurrent creates for one user conflict on its next sequence number,
 * so only one can commit, on one node or many.
 * <p>
 * It also schedules the link's {@link Link#EXPIRY_DEADLINE} at {@code expiresAt}, addressed to the new link's
 * aggregate scope: the expiry then happens even if nobody looks, and survives restarts when the deadline manager is
 * persistent. The deadline manager schedules on commit, so a refused create schedules nothing.
 */
public record LinkCreationHandler(Repository<User> users, Repository<Link> links, DeadlineManager deadlines) {

    @CommandHandler
    public LinkCreationResult handle(CreateLinkCommand command) throws Exception {
        Aggregate<User> user = loadOrCreateUser(command);
        String currentLinkId = user.invoke(User::activeLinkId);
        if (currentLinkId != null) {
            Aggregate<Link> current = links.load(currentLinkId);
            if (current.invoke(link -> link.isActiveAt(command.requestedAt()))) {
                throw new ActiveLinkExistsException(currentLinkId);
            }
            current.execute(link -> link.expireIfDue(command.requestedAt()));
        }
        user.execute(u -> u.startOverIfForgotten(command.requiredFields(), command.requestedAt()));
        MergeOutcome outcome = user.invoke(u -> u.merge(command.userData(), FieldSource.PARTNER_API,
                command.requiredFields(), command.requestedAt()));
        user.execute(u -> u.assignActiveLink(command.linkId(), command.expiresAt(), command.requestedAt()));
        // The link first: a partner hears link.created before the data request that refers to it.
        links.newInstance(() -> new Link(command));
        // Four arguments on purpose: the three-argument overload takes its third as the payload and the current
        // scope as the target, and this handler runs in no aggregate's scope.
        deadlines.schedule(command.expiresAt(), Link.EXPIRY_DEADLINE, null, Link.scope(command.linkId()));
        if (command.dataRequestsEnabled()) {
            user.execute(u -> u.openDataRequestIfIncomplete(command.dataRequestId(), command.linkId(),
                    command.expiresAt(), command.requestedAt()));
        }
        return new LinkCreationResult(command.linkId(), command.userId(), outcome.status(), command.requestedAt(),
                command.expiresAt());
    }

    private Aggregate<User> loadOrCreateUser(CreateLinkCommand command) throws Exception {
        try {
            return users.load(command.userId());
        } catch (AggregateNotFoundException notFound) {
            return users.newInstance(() -> new User(command.userId(), command.partnerId(), command.environment(),
                    command.referenceId(), command.requiredFields(), command.requestedAt()));
        }
    }
}

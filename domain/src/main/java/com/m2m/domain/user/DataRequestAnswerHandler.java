package com.m2m.domain.user;

import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Answers a data request. The request belongs to the user, but it lives only as long as its link: this handler asks
 * the link (through {@link LinkClosure}, the link aggregate in production) whether it was revoked or expired early,
 * so an answer after that is refused with 410 like one after {@code expiresAt}.
 */
public record DataRequestAnswerHandler(Repository<User> users, LinkClosure links) {

    /** Whether a link has closed (revoked or expired) and takes no more data. */
    @FunctionalInterface
    public interface LinkClosure {
        boolean isClosed(String linkId) throws Exception;
    }

    private static final String NOT_FOUND = "Data request not found";

    @CommandHandler
    public DataRequestAnswer handle(FulfilDataRequestCommand command) throws Exception {
        Aggregate<User> user;
        try {
            user = users.load(command.userId());
        } catch (AggregateNotFoundException unknown) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        String linkId = user.invoke(u -> u.dataRequestLinkId(command.dataRequestId()))
                .orElseThrow(() -> new ResourceNotFoundException(NOT_FOUND));
        boolean linkClosed = links.isClosed(linkId);
        return user.invoke(u -> u.answerDataRequest(command, linkClosed));
    }
}

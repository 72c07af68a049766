package com.m2m.domain.operation;

import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.link.Link;
import com.m2m.domain.link.LinkOwner;
import com.m2m.domain.partner.PartnerStanding;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.User;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Confirms a transfer: creates the {@link Operation} and completes its {@link Link} in one unit of work (one
 * database transaction), then schedules the first sandbox payout step. The link's stream carries the decision: two
 * confirmations racing on one link conflict on its next sequence number, so only one operation can commit.
 */
public record OperationCreationHandler(Repository<Link> links, Repository<User> users, Repository<Operation> operations,
                                       DeadlineManager deadlines, PartnerStanding partners) {

    /**
     * @throws ResourceNotFoundException unknown link
     * @throws com.m2m.domain.common.LinkExpiredException the link expired or its time ran out
     * @throws InvalidStateException the link is revoked, completed or not opened; the user is not verified or has no
     *                               payment method
     * @throws PartnerSuspendedException the link's partner is suspended: asked of the partner aggregate in this unit
     *                                   of work, so no operation is created for a partner whose suspension committed
     */
    @CommandHandler
    public OperationReceipt handle(CreateOperationCommand command) throws Exception {
        Aggregate<Link> link = loadLink(command.linkId());
        link.execute(l -> l.ensureUsableAt(command.at()));
        LinkOwner owner = link.invoke(Link::owner);
        partners.ensureActive(owner.tenant().partnerId());
        Aggregate<User> user = users.load(owner.userId());
        PaymentMethod method = user.invoke(User::paymentMethod).orElse(null);
        // Checked again at confirmation: the user's state or payment method may have changed since the quote.
        Payability.currencyConflict(user.invoke(User::status), method == null ? null : method.type(),
                        method == null ? null : method.country(), command.amount().destinationCurrency())
                .ifPresent(currency -> {
                    throw new InvalidStateException("The quote is in " + command.amount().destinationCurrency()
                            + " but the recipient's account is paid in " + currency + "; ask for a new quote");
                });

        Aggregate<Operation> operation = operations.newInstance(() -> new Operation(command.operationId(),
                owner.userId(), command.linkId(), owner.tenant().partnerId(), owner.tenant().environment(),
                owner.referenceId(), command.quoteId(), command.amount(), method, command.at()));
        link.execute(l -> l.complete(command.operationId(), command.at()));
        deadlines.schedule(command.payoutStepDelay(), Operation.PAYOUT_STEP_DEADLINE, command.payoutStepDelay(),
                Operation.scope(command.operationId()));
        return operation.invoke(Operation::receipt);
    }

    private Aggregate<Link> loadLink(String linkId) {
        try {
            return links.load(linkId);
        } catch (AggregateNotFoundException notFound) {
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
    }
}

package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.StatusEvent;
import com.m2m.domain.partner.PartnerStanding;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One transfer (docs/domain.md "Operations"): {@code created → processing → completed | failed}, or {@code cancelled}
 * by the end user while {@code created}. Created by {@link OperationCreationHandler} together with the link's
 * completion. The sandbox payout advances one step per {@link #PAYOUT_STEP_DEADLINE}, whose payload is the step
 * delay (a {@link Duration}) so every step can schedule the next one alike.
 */
public class Operation {

    /** The one answer for an operation that does not exist or is not the asking link's. */
    public static final String NOT_FOUND = "Operation not found";

    /** One sandbox payout step; the payload is the delay between steps. */
    public static final String PAYOUT_STEP_DEADLINE = "payout-step";

    /** The sandbox CLABE (valid check digit) whose payouts always bounce. */
    public static final String BOUNCING_CLABE = "012180999999999995";
    public static final String ACCOUNT_CLOSED = "account_closed";
    public static final String CANCELLED_BY_USER = "cancelled_by_user";
    /** The cancellation reason of an operation whose partner was suspended before its payout started. */
    public static final String PARTNER_SUSPENDED = "partner_suspended";

    static final String NOT_CANCELLABLE_MESSAGE = "Only operations in status created can be cancelled";

    @AggregateIdentifier
    private String operationId;
    private String userId;
    private String linkId;
    private String partnerId;
    private Environment environment;
    private String referenceId;
    private OperationAmount amount;
    private PayoutSummary payout;
    private PersonalData payoutAccount;
    private OperationStatus status;
    private Instant createdAt;

    Operation() {
        // required by Axon to rebuild the aggregate from its events
    }

    Operation(String operationId, String userId, String linkId, String partnerId, Environment environment,
              String referenceId, String quoteId, OperationAmount amount, PaymentMethod method, Instant at) {
        boolean bank = PaymentMethod.BANK_ACCOUNT.equals(method.type());
        PayoutSummary summary = new PayoutSummary(method.type(), bank ? method.country() : null, method.last4());
        PersonalData account = new PersonalData(bank ? method.accountNumber() : method.reference());
        apply(new OperationCreatedEvent(operationId, userId, linkId, partnerId, environment, referenceId, quoteId,
                amount, summary, account, at));
    }

    /** Where the deadlines of operation {@code operationId} are delivered: the operation aggregate itself. */
    public static AggregateScopeDescriptor scope(String operationId) {
        return new AggregateScopeDescriptor(Operation.class.getSimpleName(), operationId);
    }

    /**
     * The end user cancels from the widget session of {@code linkId}: only that link's operation, only while
     * {@code created}. Answers the operation as the widget shows it, now {@code cancelled}.
     */
    @CommandHandler
    OperationReceipt handle(CancelOperationCommand command) {
        if (!linkId.equals(command.linkId())) {
            throw new ResourceNotFoundException(NOT_FOUND);
        }
        if (status != OperationStatus.CREATED) {
            throw new InvalidStateException(NOT_CANCELLABLE_MESSAGE);
        }
        String reason = command.reason() == null || command.reason().isBlank() ? CANCELLED_BY_USER : command.reason();
        apply(new OperationCancelledEvent(operationId, userId, linkId, partnerId, environment, referenceId, reason,
                command.at()));
        return receipt();
    }

    /**
     * One sandbox payout step: {@code created → processing} (and the next step scheduled), then
     * {@code processing → completed}, or {@code failed}/{@code account_closed} for the bouncing CLABE. A cancelled
     * (or otherwise finished) operation ignores the step.
     *
     * <p>Suspension: money leaves at {@code created → processing}, so that is where the partner is asked. An
     * operation still {@code created} when its partner is suspended is cancelled ({@link #PARTNER_SUSPENDED}); one
     * already {@code processing} has been sent and completes (or fails) as usual.
     */
    @DeadlineHandler(deadlineName = PAYOUT_STEP_DEADLINE)
    void payoutStep(Duration stepDelay, DeadlineManager deadlines, PartnerStanding partners) throws Exception {
        Instant at = Instant.now();
        switch (status) {
            case CREATED -> {
                if (!partners.isActive(partnerId)) {
                    apply(new OperationCancelledEvent(operationId, userId, linkId, partnerId, environment,
                            referenceId, PARTNER_SUSPENDED, at));
                    return;
                }
                apply(new OperationProcessingEvent(operationId, userId, linkId, partnerId, environment, referenceId,
                        at));
                deadlines.schedule(stepDelay, PAYOUT_STEP_DEADLINE, stepDelay, scope(operationId));
            }
            case PROCESSING -> {
                if (bounces()) {
                    apply(new OperationFailedEvent(operationId, userId, linkId, partnerId, environment, referenceId,
                            ACCOUNT_CLOSED, at));
                } else {
                    apply(new OperationCompletedEvent(operationId, userId, linkId, partnerId, environment,
                            referenceId, at));
                }
            }
            default -> {
                // completed, failed or cancelled: nothing left to do
            }
        }
    }

    private boolean bounces() {
        return PaymentMethod.BANK_ACCOUNT.equals(payout.method()) && !payoutAccount.erased()
                && BOUNCING_CLABE.equals(payoutAccount.value());
    }

    /** The operation as the widget shows it (docs/api.md "Operations", without the completion or failure details). */
    public OperationReceipt receipt() {
        return new OperationReceipt(operationId, userId, referenceId, linkId, status, amount, payout, createdAt);
    }

    @EventSourcingHandler
    void on(OperationCreatedEvent event) {
        operationId = event.operationId();
        userId = event.userId();
        linkId = event.linkId();
        partnerId = event.partnerId();
        environment = event.environment();
        referenceId = event.referenceId();
        amount = event.amount();
        payout = event.payout();
        payoutAccount = event.payoutAccount();
        status = OperationStatus.CREATED;
        createdAt = event.createdAt();
    }

    @EventSourcingHandler
    void on(StatusEvent event) {
        status = StatusEvent.statusAfter(event, OperationStatus.AFTER);
    }
}

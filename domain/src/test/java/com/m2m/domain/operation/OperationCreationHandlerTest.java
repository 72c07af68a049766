package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.link.CreateLinkCommand;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.Link;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkCreationResult;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.OpenLinkCommand;
import com.m2m.domain.link.RevokeLinkCommand;
import com.m2m.domain.link.StartLinkFlowCommand;
import com.m2m.domain.partner.CreatePartnerCommand;
import com.m2m.domain.partner.ReactivatePartnerCommand;
import com.m2m.domain.partner.SuspendPartnerCommand;
import com.m2m.domain.support.InMemoryAxon;
import com.m2m.domain.support.InMemoryAxon.Then;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.MergeUserDataCommand;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.StartCipVerificationCommand;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.m2m.domain.user.UserFixtures.fields;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OperationCreationHandler} creates an {@link Operation} and completes its link in one unit of work, and the
 * operation's sandbox payout advances on deadlines: on {@link InMemoryAxon} with simulated time, so every deadline
 * (link expiry, CIP decision, payout steps) fires when the test moves the clock.
 */
class OperationCreationHandlerTest {

    private static final String PARTNER = "acme";
    private static final Environment ENV = Environment.SANDBOX;
    private static final String REF = "user_12345";
    private static final String USER_ID = Identifiers.userId(PARTNER, ENV, REF);
    private static final String LINK_1 = "link_acme_000000000001";
    private static final String LINK_2 = "link_acme_000000000002";
    private static final String OP_1 = "op_acme_000000000001";
    private static final String OP_2 = "op_acme_000000000002";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final Duration CIP_DELAY = Duration.ofSeconds(2);
    private static final Duration STEP = Duration.ofSeconds(3);
    private static final String CLABE = "012180000118359719";
    private static final PaymentMethod BANK = PaymentMethod.bankAccount("MX", CLABE);
    private static final PaymentMethod BOUNCING = PaymentMethod.bankAccount("MX", Operation.BOUNCING_CLABE);
    private static final PaymentMethod CASH = PaymentMethod.cash("oxxo", "REF12345");
    private static final OperationAmount AMOUNT = SandboxRates.quote(new BigDecimal("100.00"), "MXN");

    @RegisterExtension
    final InMemoryAxon axon = InMemoryAxon.withSimulatedTime(T0);

    // ---------------------------------------------------------------- creation

    @Test
    void confirmingCreatesTheOperationAndCompletesTheLinkInOneUnitOfWork() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);

        when(createOperation(OP_1, LINK_1, at))
                .expectResult(new OperationReceipt(OP_1, USER_ID, REF, LINK_1, OperationStatus.CREATED, AMOUNT,
                        new PayoutSummary("bank_account", "MX", "9719"), at))
                .expectEvents(
                        new OperationCreatedEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF, "qt_" + OP_1, AMOUNT,
                                new PayoutSummary("bank_account", "MX", "9719"), new PersonalData(CLABE), at),
                        new LinkCompletedEvent(LINK_1, USER_ID, PARTNER, ENV, REF, OP_1, at));
    }

    @Test
    void theFirstPayoutStepIsScheduledOnTheOperationWithTheStepDelayAsPayload() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        Instant clock = axon.simulatedDeadlines().now();

        when(createOperation(OP_1, LINK_1, at)).expectEventTypes(OperationCreatedEvent.class,
                LinkCompletedEvent.class);

        ScheduledDeadlineInfo step = payoutSteps().get(0);
        assertThat(payoutSteps()).hasSize(1);
        assertThat(step.getDeadlineName()).isEqualTo("payout-step");
        assertThat(step.getScheduleTime()).isEqualTo(clock.plus(STEP));
        assertThat(step.getDeadlineScope()).isEqualTo(new AggregateScopeDescriptor("Operation", OP_1));
        assertThat(step.deadlineMessage().getPayload()).isEqualTo(STEP);
        assertThat(axon.operations.canResolve(step.getDeadlineScope())).isTrue();
    }

    @Test
    void aCashPayoutShowsNoCountryAndKeepsTheReferenceAsTheAccount() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, CASH);

        Then then = when(createOperation(OP_1, LINK_1, at))
                .expectEventTypes(OperationCreatedEvent.class, LinkCompletedEvent.class);
        OperationCreatedEvent created = then.event(OperationCreatedEvent.class);
        assertThat(created.payout()).isEqualTo(new PayoutSummary("cash", null, "2345"));
        assertThat(created.payoutAccount()).isEqualTo(new PersonalData("REF12345"));
    }

    @Test
    void theOperationUsesTheUsersCurrentPaymentMethod() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        axon.given(merge(Map.of(UserField.PAYMENT_METHOD, CASH.encode()), FieldSource.WIDGET, at));

        OperationCreatedEvent created = when(createOperation(OP_1, LINK_1, at.plusSeconds(1)))
                .expectEventTypes(OperationCreatedEvent.class, LinkCompletedEvent.class)
                .event(OperationCreatedEvent.class);
        assertThat(created.payout()).isEqualTo(new PayoutSummary("cash", null, "2345"));
    }

    @Test
    void aQuoteCannotBePaidToAnAccountOfAnotherCurrencyChosenAfterIt() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        axon.given(merge(Map.of(UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("GT", "GT00123456789").encode()),
                FieldSource.WIDGET, at));

        refused(createOperation(OP_1, LINK_1, at.plusSeconds(1)), InvalidStateException.class,
                "The quote is in MXN but the recipient's account is paid in GTQ; ask for a new quote");
    }

    @Test
    void aLinkInProgressCanBeCompletedToo() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        axon.given(new StartLinkFlowCommand(LINK_1, at));

        when(createOperation(OP_1, LINK_1, at.plusSeconds(1)))
                .expectEventTypes(OperationCreatedEvent.class, LinkCompletedEvent.class);
    }

    @Test
    void afterTheOperationTheUserGetsANewLinkAtOnceAndStaysVerified() {
        Instant at = operationCreatedPayingTo(BANK);
        Instant later = at.plusSeconds(60);

        // No LinkExpired for the completed first link: it is simply no longer active.
        when(createLink(LINK_2, Map.of(), later))
                .expectResult(new LinkCreationResult(LINK_2, USER_ID, UserStatus.CIP_VERIFIED, later,
                        later.plus(LIFETIME)))
                .expectEventTypes(ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
    }

    @Test
    void theCompletedLinksExpiryDeadlineChangesNothing() {
        Instant at = operationCreatedPayingTo(BANK);
        axon.advanceTimeBy(STEP.multipliedBy(2)).expectEventTypes(OperationProcessingEvent.class,
                OperationCompletedEvent.class);

        axon.advanceTimeTo(T0.plus(LIFETIME).plusSeconds(1)).expectNoEvents();
        assertThat(axon.stream(LINK_1)).last().isInstanceOf(LinkCompletedEvent.class);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void aUserWhoseIdentityIsNotVerifiedCannotSendMoney() {
        axon.given(createLink(LINK_1, withPaymentMethod(identity(), BANK), T0), open(LINK_1, T0.plusSeconds(1)));

        refused(createOperation(OP_1, LINK_1, T0.plusSeconds(2)), InvalidStateException.class,
                "Identity verification is required before sending money");
    }

    @Test
    void aUserWhoseVerificationIsStillPendingCannotSendMoney() {
        axon.given(createLink(LINK_1, withPaymentMethod(identity(), BANK), T0), open(LINK_1, T0.plusSeconds(1)),
                new StartCipVerificationCommand(USER_ID, CIP_DELAY, T0.plusSeconds(2)));

        refused(createOperation(OP_1, LINK_1, T0.plusSeconds(3)), InvalidStateException.class,
                "Identity verification is required before sending money");
    }

    @Test
    void aUserWhoseVerificationFailedCannotSendMoney() {
        Map<UserField, String> mismatch = withPaymentMethod(identity(), BANK);
        mismatch.put(DOB, "1900-01-01");
        axon.given(createLink(LINK_1, mismatch, T0), open(LINK_1, T0.plusSeconds(1)),
                new StartCipVerificationCommand(USER_ID, CIP_DELAY, T0.plusSeconds(2)));
        axon.advanceTimeBy(CIP_DELAY).expectEventTypes(CipFailedEvent.class,
                UserStatusChangedEvent.class);

        refused(createOperation(OP_1, LINK_1, T0.plusSeconds(5)), InvalidStateException.class,
                "Identity verification is required before sending money");
    }

    @Test
    void aVerifiedUserWithoutAPaymentMethodCannotSendMoney() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, null);

        refused(createOperation(OP_1, LINK_1, at), InvalidStateException.class, "A payment method is required");
    }

    @Test
    void aLinkNeverOpenedIsRefused() {
        Instant at = operationCreatedPayingTo(BANK);
        axon.given(createLink(LINK_2, Map.of(), at.plusSeconds(1)));

        refused(createOperation(OP_2, LINK_2, at.plusSeconds(2)), InvalidStateException.class,
                "This link has not been opened yet");
    }

    @Test
    void aCompletedLinkCannotCarryASecondOperation() {
        Instant at = operationCreatedPayingTo(BANK);

        refused(createOperation(OP_2, LINK_1, at.plusSeconds(1)), InvalidStateException.class,
                "This link was already used");
        assertThat(axon.stream(OP_2)).isEmpty();
    }

    @Test
    void aRevokedLinkIsRefused() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        axon.given(new RevokeLinkCommand(LINK_1, PARTNER, ENV, null, at));

        refused(createOperation(OP_1, LINK_1, at.plusSeconds(1)), InvalidStateException.class,
                "This link was revoked");
    }

    @Test
    void anExpiredLinkIsRefused() {
        verifiedUserInTheWidget(LINK_1, T0, BANK);
        axon.advanceTimeTo(T0.plus(LIFETIME)).expectEventTypes(LinkExpiredEvent.class);

        refused(createOperation(OP_1, LINK_1, T0.plus(LIFETIME).plusSeconds(1)), LinkExpiredException.class,
                "The link has expired");
    }

    @Test
    void aLinkWhoseTimeRanOutIsRefusedBeforeItsExpiryIsRecorded() {
        verifiedUserInTheWidget(LINK_1, T0, BANK);

        refused(createOperation(OP_1, LINK_1, T0.plus(LIFETIME)), LinkExpiredException.class,
                "The link has expired");
    }

    @Test
    void anUnknownLinkIsNotFound() {
        refused(createOperation(OP_1, "link_acme_ffffffffffff", T0), ResourceNotFoundException.class,
                Link.NOT_FOUND);
    }

    // ---------------------------------------------------------------- sandbox payout

    @Test
    void thePayoutGoesProcessingThenCompletedOneStepApart() {
        Instant at = operationCreatedPayingTo(BANK);

        axon.advanceTimeBy(STEP.minusMillis(1)).expectNoEvents();
        Then processing = axon.advanceTimeBy(Duration.ofMillis(1));
        assertThat(processing.appended()).hasSize(1);
        assertThat(processing.event(OperationProcessingEvent.class)).usingRecursiveComparison().ignoringFields("at")
                .isEqualTo(new OperationProcessingEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF, null));
        assertThat(payoutSteps()).hasSize(1);

        Then completed = axon.advanceTimeBy(STEP);
        assertThat(completed.appended()).hasSize(1);
        assertThat(completed.event(OperationCompletedEvent.class)).usingRecursiveComparison()
                .ignoringFields("completedAt")
                .isEqualTo(new OperationCompletedEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF, null));

        assertThat(payoutSteps()).isEmpty();
        axon.advanceTimeBy(STEP.multipliedBy(10)).expectNoEvents();
    }

    @Test
    void aCashPayoutCompletesToo() {
        Instant at = operationCreatedPayingTo(CASH);

        axon.advanceTimeBy(STEP.multipliedBy(2))
                .expectEventTypes(OperationProcessingEvent.class, OperationCompletedEvent.class);
    }

    @Test
    void theSandboxBouncingClabeFailsWithAccountClosed() {
        Instant at = operationCreatedPayingTo(BOUNCING);

        axon.advanceTimeBy(STEP).expectEventTypes(OperationProcessingEvent.class);
        Then failed = axon.advanceTimeBy(STEP);
        assertThat(failed.appended()).hasSize(1);
        assertThat(failed.event(OperationFailedEvent.class)).usingRecursiveComparison().ignoringFields("failedAt")
                .isEqualTo(new OperationFailedEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF, "account_closed",
                        null));
        assertThat(payoutSteps()).isEmpty();
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void theUserCancelsWhileCreatedAndThePayoutNeverStarts() {
        Instant at = operationCreatedPayingTo(BANK);

        when(new CancelOperationCommand(OP_1, LINK_1, null, at.plusSeconds(1)))
                .expectResult(new OperationReceipt(OP_1, USER_ID, REF, LINK_1, OperationStatus.CANCELLED, AMOUNT,
                        new PayoutSummary("bank_account", "MX", "9719"), at))
                .expectEvents(new OperationCancelledEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF,
                        "cancelled_by_user", at.plusSeconds(1)));

        axon.advanceTimeBy(STEP.multipliedBy(5)).expectNoEvents();
        assertThat(axon.stream(OP_1)).extracting(Object::getClass)
                .containsExactly(OperationCreatedEvent.class, OperationCancelledEvent.class);
    }

    @Test
    void aProcessingOperationCannotBeCancelled() {
        Instant at = operationCreatedPayingTo(BANK);
        axon.advanceTimeBy(STEP).expectEventTypes(OperationProcessingEvent.class);

        refused(new CancelOperationCommand(OP_1, LINK_1, null, at.plusSeconds(4)), InvalidStateException.class,
                "Only operations in status created can be cancelled");
        axon.advanceTimeBy(STEP).expectEventTypes(OperationCompletedEvent.class);
    }

    @Test
    void anotherLinksSessionCannotCancelTheOperation() {
        Instant at = operationCreatedPayingTo(BANK);

        refused(new CancelOperationCommand(OP_1, LINK_2, null, at.plusSeconds(1)), ResourceNotFoundException.class,
                "Operation not found");
    }

    // ---------------------------------------------------------------- suspension

    @Test
    void aSuspendedPartnersUserCannotSendMoney() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        suspendPartner(at);

        refused(createOperation(OP_1, LINK_1, at.plusSeconds(1)), PartnerSuspendedException.class,
                "Partner account is suspended or not found");
        assertThat(axon.stream(OP_1)).isEmpty();
        assertThat(axon.stream(LINK_1)).noneMatch(LinkCompletedEvent.class::isInstance);
    }

    @Test
    void anOperationStillCreatedWhenItsPartnerIsSuspendedIsCancelledAtItsPayoutStep() {
        Instant at = operationCreatedPayingTo(BANK);
        suspendPartner(at.plusSeconds(1));

        Then step = axon.advanceTimeBy(STEP);
        assertThat(step.appended()).hasSize(1);
        assertThat(step.event(OperationCancelledEvent.class)).usingRecursiveComparison().ignoringFields("cancelledAt")
                .isEqualTo(new OperationCancelledEvent(OP_1, USER_ID, LINK_1, PARTNER, ENV, REF,
                        Operation.PARTNER_SUSPENDED, null));
        assertThat(payoutSteps()).isEmpty();
        axon.advanceTimeBy(STEP.multipliedBy(5)).expectNoEvents();
    }

    @Test
    void aPayoutAlreadyProcessingWhenItsPartnerIsSuspendedCompletes() {
        Instant at = operationCreatedPayingTo(BANK);
        axon.advanceTimeBy(STEP).expectEventTypes(OperationProcessingEvent.class);
        suspendPartner(at.plusSeconds(4));

        axon.advanceTimeBy(STEP).expectEventTypes(OperationCompletedEvent.class);
    }

    @Test
    void aReactivatedPartnersUserSendsMoneyAgain() {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        suspendPartner(at);
        axon.given(new ReactivatePartnerCommand(PARTNER, at.plusSeconds(1)));

        when(createOperation(OP_1, LINK_1, at.plusSeconds(2)))
                .expectEventTypes(OperationCreatedEvent.class, LinkCompletedEvent.class);
    }

    // ---------------------------------------------------------------- concurrency

    @RepeatedTest(3)
    void concurrentConfirmationsOnOneLinkCreateExactlyOneOperation() throws Exception {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, BANK);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                CreateOperationCommand command = createOperation("op_acme_%012d".formatted(100 + i), LINK_1, at);
                futures.add(pool.submit(() -> {
                    go.await();
                    return axon.commandGateway.sendAndWait(command);
                }));
            }
            go.countDown();
            int successes = 0;
            for (Future<Object> future : futures) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                    successes++;
                } catch (ExecutionException e) {
                    // The link's stream settles the race: a conflict at commit, or the link already used.
                    assertThat(e.getCause()).isInstanceOfAny(ConcurrencyException.class, InvalidStateException.class);
                }
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        assertThat(axon.allEvents()).filteredOn(e -> e.getPayload() instanceof OperationCreatedEvent).hasSize(1);
        assertThat(axon.stream(LINK_1)).filteredOn(LinkCompletedEvent.class::isInstance).hasSize(1);
        assertThat(payoutSteps()).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The first link of a new user with complete identity data (and {@code method} typed in the widget when not
     * null), opened, verified by the sandbox provider. Answers a time just after, with the link still usable.
     */
    /** A verified user's operation {@code OP_1} on {@code LINK_1}, paying out to {@code method}; when it was created. */
    private Instant operationCreatedPayingTo(PaymentMethod method) {
        Instant at = verifiedUserInTheWidget(LINK_1, T0, method);
        given(createOperation(OP_1, LINK_1, at));
        return at;
    }

    private Instant verifiedUserInTheWidget(String linkId, Instant at, PaymentMethod method) {
        axon.given(createLink(linkId, identity(), at), open(linkId, at.plusSeconds(1)));
        if (method != null) {
            axon.given(merge(Map.of(UserField.PAYMENT_METHOD, method.encode()), FieldSource.WIDGET,
                    at.plusSeconds(2)));
        }
        axon.given(new StartCipVerificationCommand(USER_ID, CIP_DELAY, at.plusSeconds(3)));
        axon.advanceTimeBy(CIP_DELAY).expectEventTypes(CipVerifiedEvent.class,
                UserStatusChangedEvent.class);
        return at.plusSeconds(10);
    }

    /** Onboards the link's partner (tests elsewhere leave it implicit, as active) and suspends it. */
    private void suspendPartner(Instant at) {
        axon.given(new CreatePartnerCommand(PARTNER, "Acme", T0), new SuspendPartnerCommand(PARTNER, at));
    }

    private void given(CreateOperationCommand command) {
        axon.given(command);
    }

    private Then when(Object command) {
        return axon.when(command);
    }

    /** Refused with {@code type} and {@code message}: nothing appended, nothing scheduled. */
    private void refused(Object command, Class<? extends Throwable> type, String message) {
        List<ScheduledDeadlineInfo> scheduledBefore = axon.simulatedDeadlines().scheduled();
        when(command).expectException(type, message).expectNoEvents();
        assertThat(axon.simulatedDeadlines().scheduled()).isEqualTo(scheduledBefore);
    }

    private List<ScheduledDeadlineInfo> payoutSteps() {
        return axon.simulatedDeadlines().scheduled().stream()
                .filter(d -> d.getDeadlineName().equals(Operation.PAYOUT_STEP_DEADLINE)).toList();
    }

    private static CreateOperationCommand createOperation(String operationId, String linkId, Instant at) {
        return new CreateOperationCommand(operationId, linkId, "qt_" + operationId, AMOUNT, STEP, at);
    }

    private static CreateLinkCommand createLink(String linkId, Map<UserField, String> data, Instant at) {
        return new CreateLinkCommand(linkId, USER_ID, PARTNER, ENV, REF, UserData.of(data),
                CipRequirements.DEFAULT_REQUIRED, tokenHash(linkId), new LinkOptions(null, null, null, "es", null),
                at.plus(LIFETIME), at, null, false);
    }

    private static OpenLinkCommand open(String linkId, Instant at) {
        return new OpenLinkCommand(linkId, tokenHash(linkId), DeviceInfo.UNKNOWN, at);
    }

    private static MergeUserDataCommand merge(Map<UserField, String> data, FieldSource source, Instant at) {
        return new MergeUserDataCommand(USER_ID, UserData.of(data), source, CipRequirements.DEFAULT_REQUIRED, at);
    }

    private static String tokenHash(String linkId) {
        return Identifiers.sha256Hex("token-of-" + linkId);
    }

    private static Map<UserField, String> withPaymentMethod(Map<UserField, String> data, PaymentMethod method) {
        Map<UserField, String> values = new EnumMap<>(data);
        values.put(UserField.PAYMENT_METHOD, method.encode());
        return values;
    }

    private static Map<UserField, String> identity() {
        return fields(FIRST_NAME, "Juan", SECOND_NAME, "Carlos", LAST_NAME, "Garcia", SECOND_LAST_NAME, "Lopez",
                ID_NUMBER, "GALO900515", ID_TYPE, "passport", DOB, "1990-05-15");
    }
}

package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.partner.PartnerStanding;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.user.PersonalData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static com.m2m.domain.testing.Refusals.refused;
import static com.m2m.domain.user.UserFixtures.USER_ID;

/**
 * The {@link Operation} aggregate under {@link CancelOperationCommand}. The payout steps, which the operation's
 * creation schedules, are covered in {@code OperationCreationHandlerTest}.
 */
class OperationTest {

    private static final String OPERATION_ID = "op_acme_0123456789ab";
    private static final String LINK_ID = "link_acme_0123456789ab";
    private static final String PARTNER = "acme";
    private static final String REFERENCE_ID = "user_12345";
    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:10:00Z");
    private static final Instant LATER = Instant.parse("2025-03-01T10:10:01Z");
    private static final OperationAmount AMOUNT = SandboxRates.quote(new BigDecimal("100.00"), "MXN");
    private static final PayoutSummary PAYOUT = new PayoutSummary("bank_account", "MX", "9719");

    private FixtureConfiguration<Operation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Operation.class);
        fixture.registerInjectableResource((PartnerStanding) partnerId -> true);
    }

    @Test
    void theUserCancelsWhileCreated() {
        fixture.given(created())
                .when(new CancelOperationCommand(OPERATION_ID, LINK_ID, null, LATER))
                .expectEvents(cancelled("cancelled_by_user"))
                .expectResultMessagePayload(new OperationReceipt(OPERATION_ID, USER_ID, REFERENCE_ID, LINK_ID,
                        OperationStatus.CANCELLED, AMOUNT, PAYOUT, CREATED_AT));
    }

    @Test
    void aGivenReasonIsRecorded() {
        fixture.given(created())
                .when(new CancelOperationCommand(OPERATION_ID, LINK_ID, "wrong_amount", LATER))
                .expectEvents(cancelled("wrong_amount"));
    }

    @Test
    void aBlankReasonCountsAsNone() {
        fixture.given(created())
                .when(new CancelOperationCommand(OPERATION_ID, LINK_ID, "  ", LATER))
                .expectEvents(cancelled(Operation.CANCELLED_BY_USER));
    }

    @Test
    void anotherLinksSessionCannotSeeTheOperation() {
        refused(fixture, new CancelOperationCommand(OPERATION_ID, "link_acme_ffffffffffff", null, LATER),
                ResourceNotFoundException.class, created())
                .expectExceptionMessage("Operation not found");
    }

    @Test
    void aProcessingOperationCannotBeCancelled() {
        refused(fixture, new CancelOperationCommand(OPERATION_ID, LINK_ID, null, LATER), InvalidStateException.class,
                created(), processing())
                .expectExceptionMessage("Only operations in status created can be cancelled");
    }

    @Test
    void aFinishedOperationCannotBeCancelled() {
        refused(fixture, new CancelOperationCommand(OPERATION_ID, LINK_ID, null, LATER), InvalidStateException.class,
                created(), processing(), new OperationCompletedEvent(OPERATION_ID, USER_ID, LINK_ID, PARTNER,
                        Environment.SANDBOX, REFERENCE_ID, CREATED_AT));
        refused(fixture, new CancelOperationCommand(OPERATION_ID, LINK_ID, null, LATER), InvalidStateException.class,
                created(), processing(), new OperationFailedEvent(OPERATION_ID, USER_ID, LINK_ID, PARTNER,
                        Environment.SANDBOX, REFERENCE_ID, Operation.ACCOUNT_CLOSED, CREATED_AT));
    }

    @Test
    void aCancelledOperationCannotBeCancelledAgain() {
        refused(fixture, new CancelOperationCommand(OPERATION_ID, LINK_ID, null, LATER), InvalidStateException.class,
                created(), cancelled(Operation.CANCELLED_BY_USER))
                .expectExceptionMessage("Only operations in status created can be cancelled");
    }

    private static OperationCreatedEvent created() {
        return new OperationCreatedEvent(OPERATION_ID, USER_ID, LINK_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                "qt_0123", AMOUNT, PAYOUT, new PersonalData("012180000118359719"), CREATED_AT);
    }

    private static OperationProcessingEvent processing() {
        return new OperationProcessingEvent(OPERATION_ID, USER_ID, LINK_ID, PARTNER, Environment.SANDBOX,
                REFERENCE_ID, CREATED_AT);
    }

    private static OperationCancelledEvent cancelled(String reason) {
        return new OperationCancelledEvent(OPERATION_ID, USER_ID, LINK_ID, PARTNER, Environment.SANDBOX,
                REFERENCE_ID, reason, LATER);
    }
}

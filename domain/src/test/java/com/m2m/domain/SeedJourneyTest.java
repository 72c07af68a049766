package com.m2m.domain;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.link.CreateLinkCommand;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkCreationResult;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.OpenLinkCommand;
import com.m2m.domain.link.StartLinkFlowCommand;
import com.m2m.domain.operation.CreateOperationCommand;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.operation.OperationReceipt;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.support.InMemoryAxon;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestAnswer;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FulfilDataRequestCommand;
import com.m2m.domain.user.MergeUserDataCommand;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.StartCipVerificationCommand;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.PAYMENT_METHOD;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's "complete user journey" at domain level, every deadline on simulated time: a first transaction with
 * partial data, a data request, verification and a payout; a frictionless second one (no data request, no
 * verification); a third with a new payment method, which leaves the user verified and pays to the new account.
 */
class SeedJourneyTest {

    private static final String PARTNER = "acme";
    private static final Environment ENV = Environment.SANDBOX;
    private static final String REF = "user_12345";
    private static final String USER_ID = Identifiers.userId(PARTNER, ENV, REF);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final Duration CIP_DELAY = Duration.ofSeconds(2);
    private static final Duration STEP = Duration.ofSeconds(2);

    @RegisterExtension
    final InMemoryAxon axon = InMemoryAxon.withSimulatedTime(T0);

    @Test
    void threeTransactionsVerifyOnceAndTheThirdPaysToTheNewAccount() {
        // ------------------------------------------------ first transaction
        axon.when(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan", LAST_NAME, "Garcia"), T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_INCOMPLETE,
                        T0, T0.plus(LIFETIME)));
        assertThat(axon.stream(USER_ID)).last().isInstanceOf(DataRequestOpenedEvent.class);

        Instant answeredAt = at(Duration.ofMinutes(1));
        axon.when(new FulfilDataRequestCommand(USER_ID, "dr_acme_000000000001", REF, UserData.of(Map.of(
                        SECOND_NAME, "Carlos", SECOND_LAST_NAME, "Lopez", ID_NUMBER, "GALO900515", ID_TYPE, "passport",
                        DOB, "1990-05-15")), CipRequirements.DEFAULT_REQUIRED, answeredAt))
                .expectResult(new DataRequestAnswer("dr_acme_000000000001", DataRequestStatus.FULFILLED,
                        "link_acme_000000000001", answeredAt, List.of()));

        // The end user opens the link, types the payment method, consents; the sandbox provider verifies.
        Instant opened = at(Duration.ofMinutes(2));
        axon.when(open("link_acme_000000000001", opened)).expectEventTypes(LinkOpenedEvent.class);
        axon.when(new StartLinkFlowCommand("link_acme_000000000001", opened.plusSeconds(5)))
                .expectEventTypes(LinkFlowStartedEvent.class);
        axon.when(new MergeUserDataCommand(USER_ID, UserData.of(Map.of(PAYMENT_METHOD,
                        PaymentMethod.bankAccount("MX", "012180000118359719").encode())), FieldSource.WIDGET,
                        CipRequirements.DEFAULT_REQUIRED, opened.plusSeconds(6)))
                .expectEventTypes(FieldMergedEvent.class);
        axon.when(new StartCipVerificationCommand(USER_ID, CIP_DELAY, opened.plusSeconds(7)))
                .expectResult(UserStatus.CIP_PENDING)
                .expectEventTypes(CipVerificationStartedEvent.class, UserStatusChangedEvent.class);
        axon.advanceTimeBy(CIP_DELAY).expectEventTypes(CipVerifiedEvent.class, UserStatusChangedEvent.class);

        OperationReceipt first = send("op_acme_000000000001", "link_acme_000000000001", opened.plusSeconds(30));
        assertThat(first.payout()).isEqualTo(new PayoutSummary("bank_account", "MX", "9719"));
        assertThat(first.amount().receive()).isEqualTo(new BigDecimal("1725.00"));

        // ------------------------------------------------ second transaction: frictionless
        Instant second = at(Duration.ofMinutes(10));
        axon.when(createLink("link_acme_000000000002", Map.of(), second))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.CIP_VERIFIED,
                        second, second.plus(LIFETIME)))
                .expectEventTypes(ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
        openAlreadyVerified("link_acme_000000000002", second);
        OperationReceipt secondReceipt = send("op_acme_000000000002", "link_acme_000000000002",
                second.plusSeconds(30));
        assertThat(secondReceipt.payout()).isEqualTo(new PayoutSummary("bank_account", "MX", "9719"));

        // ------------------------------------------------ third transaction: new payment method
        Instant third = at(Duration.ofMinutes(20));
        String newAccount = PaymentMethod.bankAccount("MX", "098765432109876543").encode();
        axon.when(createLink("link_acme_000000000003", Map.of(PAYMENT_METHOD, newAccount), third))
                .expectResult(new LinkCreationResult("link_acme_000000000003", USER_ID, UserStatus.CIP_VERIFIED,
                        third, third.plus(LIFETIME)))
                .expectEvents(
                        new FieldMergedEvent(USER_ID, PAYMENT_METHOD, FieldSource.PARTNER_API,
                                new PersonalData(newAccount), FieldSource.WIDGET, third),
                        new ActiveLinkAssignedEvent(USER_ID, "link_acme_000000000003", third.plus(LIFETIME), third),
                        new LinkCreatedEvent("link_acme_000000000003", USER_ID, PARTNER, ENV, REF,
                                tokenHash("link_acme_000000000003"), options(), third.plus(LIFETIME), third));
        openAlreadyVerified("link_acme_000000000003", third);
        OperationReceipt thirdReceipt = send("op_acme_000000000003", "link_acme_000000000003",
                third.plusSeconds(30));
        assertThat(thirdReceipt.payout()).isEqualTo(new PayoutSummary("bank_account", "MX", "6543"));
        assertThat(((OperationCreatedEvent) axon.stream("op_acme_000000000003").get(0)).payoutAccount())
                .isEqualTo(new PersonalData("098765432109876543"));

        // ------------------------------------------------ the user's history
        List<Object> user = axon.stream(USER_ID);
        assertThat(user).filteredOn(CipVerificationStartedEvent.class::isInstance).hasSize(1);
        assertThat(user).filteredOn(CipVerifiedEvent.class::isInstance).hasSize(1);
        assertThat(user).filteredOn(DataRequestOpenedEvent.class::isInstance).hasSize(1);
        assertThat(user).filteredOn(UserStatusChangedEvent.class::isInstance)
                .extracting(e -> ((UserStatusChangedEvent) e).status())
                .containsExactly(UserStatus.DATA_INCOMPLETE, UserStatus.DATA_COMPLETE, UserStatus.CIP_PENDING,
                        UserStatus.CIP_VERIFIED);
        for (String linkId : List.of("link_acme_000000000001", "link_acme_000000000002", "link_acme_000000000003")) {
            assertThat(axon.stream(linkId)).last().isInstanceOf(LinkCompletedEvent.class);
        }
        // Every link's expiry deadline finds its link completed.
        axon.advanceTimeTo(at(Duration.ofHours(3))).expectNoEvents();
    }

    /** Confirms a quote for 100.00 USD → MXN and lets the sandbox payout run to completion. */
    /** A returning, verified user opens the link: starting verification again changes nothing. */
    private void openAlreadyVerified(String linkId, Instant linkCreatedAt) {
        axon.when(open(linkId, linkCreatedAt.plusSeconds(5))).expectEventTypes(LinkOpenedEvent.class);
        axon.when(new StartCipVerificationCommand(USER_ID, CIP_DELAY, linkCreatedAt.plusSeconds(6)))
                .expectResult(UserStatus.CIP_VERIFIED)
                .expectNoEvents();
    }

    private OperationReceipt send(String operationId, String linkId, Instant at) {
        OperationReceipt receipt = (OperationReceipt) axon.when(new CreateOperationCommand(operationId, linkId,
                        Identifiers.newQuoteId(), SandboxRates.quote(new BigDecimal("100.00"), "MXN"), STEP, at))
                .expectEventTypes(OperationCreatedEvent.class, LinkCompletedEvent.class)
                .result();
        assertThat(receipt.status()).isEqualTo(OperationStatus.CREATED);
        axon.advanceTimeBy(STEP.multipliedBy(2))
                .expectEventTypes(OperationProcessingEvent.class, OperationCompletedEvent.class);
        return receipt;
    }

    /** T0 + {@code offset}, with the simulated clock moved there first (deadlines due meanwhile fire). */
    private Instant at(Duration offset) {
        Instant instant = T0.plus(offset);
        if (instant.isAfter(axon.simulatedDeadlines().now())) {
            axon.advanceTimeTo(instant);
        }
        return instant;
    }

    private static CreateLinkCommand createLink(String linkId, Map<UserField, String> data, Instant at) {
        return new CreateLinkCommand(linkId, USER_ID, PARTNER, ENV, REF, UserData.of(data),
                CipRequirements.DEFAULT_REQUIRED, tokenHash(linkId), options(), at.plus(LIFETIME), at,
                "dr_acme_" + linkId.substring(linkId.lastIndexOf('_') + 1), true);
    }

    private static OpenLinkCommand open(String linkId, Instant at) {
        return new OpenLinkCommand(linkId, tokenHash(linkId), new DeviceInfo("Mozilla/5.0", "Android", "es-MX"), at);
    }

    private static LinkOptions options() {
        return new LinkOptions(Map.of(), null, null, "es", null);
    }

    private static String tokenHash(String linkId) {
        return Identifiers.sha256Hex("token-of-" + linkId);
    }
}

package com.m2m.query.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.query.testing.QueryDatabaseTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationViewProjectionTest extends QueryDatabaseTest {

    private final OperationViewProjection operations = new OperationViewProjection(db.jdbc());

    static OperationAmount usdMxn(String send) {
        BigDecimal sent = new BigDecimal(send);
        BigDecimal rate = new BigDecimal("17.25");
        return new OperationAmount(sent, sent.multiply(rate).setScale(2, java.math.RoundingMode.HALF_UP), rate,
                new BigDecimal("3.99"), "USD", "MXN");
    }

    static OperationCreatedEvent created(Tenant tenant, String operationId, String referenceId, String linkId,
                                         OperationAmount amount, Instant at) {
        return new OperationCreatedEvent(operationId,
                Identifiers.userId(tenant.partnerId(), tenant.environment(), referenceId), linkId,
                tenant.partnerId(), tenant.environment(), referenceId, "qt_" + operationId, amount,
                new PayoutSummary("bank_account", "MX", "5558"),
                new PersonalData(PaymentMethod.bankAccount("MX", CLABE).encode()), at);
    }

    private OperationCreatedEvent create(Tenant tenant, String operationId, String referenceId, String linkId,
                                         Instant at) {
        OperationCreatedEvent event = created(tenant, operationId, referenceId, linkId, usdMxn("100.00"), at);
        operations.on(event);
        return event;
    }

    private List<String> ids(Page<OperationView> page) {
        return page.items().stream().map(OperationView::operationId).toList();
    }

    private List<String> list(Tenant tenant, String status, String referenceId, String userId, String linkId,
                              String from, String to) {
        return ids(operations.list(tenant,
                OperationListQuery.parse(null, null, from, to, status, referenceId, userId, linkId)));
    }

    @Test
    void itemHasTheContractShapeWithExactDecimals() {
        OperationCreatedEvent event = create(ACME, "op_acme_abc123", "user_12345", "link_acme_a1b2c3d4e5f6", T0);

        OperationView view = operations.get(ACME, "op_acme_abc123");
        assertThat(view).isEqualTo(new OperationView("op_acme_abc123", event.userId(), "user_12345",
                "link_acme_a1b2c3d4e5f6", "created",
                new OperationView.Amount(new BigDecimal("100.00"), new BigDecimal("1725.00"),
                        new BigDecimal("17.25"), new BigDecimal("3.99"),
                        new OperationView.Currency("USD", "MXN")),
                new OperationView.Payout("bank_account", "MX", "5558"), T0, null, null, null));
        // same scale, not only the same value: 100.00 is written as 100.00, never 100.0000 or 1E+2
        assertThat(view.amount().send().toPlainString()).isEqualTo("100.00");
        assertThat(view.amount().receive().toPlainString()).isEqualTo("1725.00");
        assertThat(view.amount().rate().toPlainString()).isEqualTo("17.25");
        assertThat(view.amount().fee().toPlainString()).isEqualTo("3.99");
    }

    @Test
    void amountsAreKeptExactlyNeverThroughBinaryFloatingPoint() {
        // a rate with four places, a zero fee and a rate whose scale is below two survive as made
        operations.on(created(ACME, "op_acme_1", "r1", "link_acme_1", new OperationAmount(
                new BigDecimal("2999.00"), new BigDecimal("11999.99"), new BigDecimal("4.0013"),
                new BigDecimal("0.30"), "USD", "GTQ"), T0));
        operations.on(created(ACME, "op_acme_2", "r2", "link_acme_2", new OperationAmount(
                new BigDecimal("1.10"), new BigDecimal("4290.55"), new BigDecimal("3900.5"), new BigDecimal("0.00"),
                "USD", "COP"), T0));

        OperationView.Amount first = operations.get(ACME, "op_acme_1").amount();
        assertThat(first.send().toPlainString()).isEqualTo("2999.00");
        assertThat(first.receive().toPlainString()).isEqualTo("11999.99");
        assertThat(first.rate().toPlainString()).isEqualTo("4.0013");
        assertThat(first.fee().toPlainString()).isEqualTo("0.30");
        OperationView.Amount second = operations.get(ACME, "op_acme_2").amount();
        assertThat(second.send().toPlainString()).isEqualTo("1.10");
        assertThat(second.rate().toPlainString()).isEqualTo("3900.50");
        assertThat(second.fee().toPlainString()).isEqualTo("0.00");
        assertThat(second.currency()).isEqualTo(new OperationView.Currency("USD", "COP"));
    }

    @Test
    void theFullAccountIsStoredNowhere() {
        create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        operations.on(new OperationFailedEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX, "r1",
                "account_closed", T0.plusSeconds(4)));

        String stored = db.everything();
        assertThat(stored).contains("5558").doesNotContain(CLABE, "0140270000", "bank_account|MX");
    }

    @Test
    void lifecycleToCompleted() {
        create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        operations.on(new OperationProcessingEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX,
                "r1", T0.plusSeconds(2)));
        assertThat(operations.get(ACME, "op_acme_1").status()).isEqualTo("processing");

        operations.on(new OperationCompletedEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX,
                "r1", T0.plusSeconds(4)));
        OperationView done = operations.get(ACME, "op_acme_1");
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(done.failedAt()).isNull();
        assertThat(done.failureReason()).isNull();
        assertThat(db.jdbc().queryForObject("SELECT processing_at FROM operation_view", java.sql.Timestamp.class))
                .isNotNull();
    }

    @Test
    void failedWithReasonAndCancelledWithReason() {
        create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        operations.on(new OperationProcessingEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX,
                "r1", T0.plusSeconds(2)));
        operations.on(new OperationFailedEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX, "r1",
                "account_closed", T0.plusSeconds(4)));
        OperationView failed = operations.get(ACME, "op_acme_1");
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.failedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(failed.failureReason()).isEqualTo("account_closed");
        assertThat(failed.completedAt()).isNull();

        create(ACME, "op_acme_2", "r2", "link_acme_2", T0);
        operations.on(new OperationCancelledEvent("op_acme_2", "u", "link_acme_2", "acme", Environment.SANDBOX, "r2",
                "changed my mind", T0.plusSeconds(1)));
        assertThat(operations.get(ACME, "op_acme_2").status()).isEqualTo("cancelled");
        assertThat(db.jdbc().queryForObject("SELECT cancel_reason FROM operation_view WHERE operation_id = ?",
                String.class, "op_acme_2")).isEqualTo("changed my mind");
    }

    @Test
    void lateOrRepeatedEventsNeverMoveAnOperationBackwards() {
        OperationCreatedEvent created = create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        OperationProcessingEvent processing = new OperationProcessingEvent("op_acme_1", "u", "link_acme_1", "acme",
                Environment.SANDBOX, "r1", T0.plusSeconds(2));
        OperationCompletedEvent completed = new OperationCompletedEvent("op_acme_1", "u", "link_acme_1", "acme",
                Environment.SANDBOX, "r1", T0.plusSeconds(4));
        operations.on(processing);
        operations.on(completed);
        operations.on(created);
        operations.on(processing);
        operations.on(completed);
        operations.on(new OperationCancelledEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX,
                "r1", null, T0.plusSeconds(5)));

        assertThat(db.count("operation_view")).isEqualTo(1);
        OperationView view = operations.get(ACME, "op_acme_1");
        assertThat(view.status()).isEqualTo("completed");
        assertThat(view.completedAt()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void filtersNewestFirst() {
        create(ACME, "op_acme_1", "alice", "link_acme_1", Instant.parse("2026-02-09T23:59:59Z"));
        create(ACME, "op_acme_2", "alice", "link_acme_2", Instant.parse("2026-02-10T10:00:00Z"));
        create(ACME, "op_acme_3", "bob", "link_acme_3", Instant.parse("2026-02-10T12:00:00Z"));
        create(ACME, "op_acme_4", "bob", "link_acme_3", Instant.parse("2026-02-11T00:00:00Z"));
        operations.on(new OperationCompletedEvent("op_acme_2", "u", "link_acme_2", "acme", Environment.SANDBOX,
                "alice", T0));
        operations.on(new OperationFailedEvent("op_acme_3", "u", "link_acme_3", "acme", Environment.SANDBOX,
                "bob", "account_closed", T0));
        String alice = Identifiers.userId("acme", Environment.SANDBOX, "alice");

        assertThat(list(ACME, null, null, null, null, null, null))
                .containsExactly("op_acme_4", "op_acme_3", "op_acme_2", "op_acme_1");
        assertThat(list(ACME, null, "alice", null, null, null, null)).containsExactly("op_acme_2", "op_acme_1");
        assertThat(list(ACME, null, null, alice, null, null, null)).containsExactly("op_acme_2", "op_acme_1");
        assertThat(list(ACME, null, null, null, "link_acme_3", null, null)).containsExactly("op_acme_4", "op_acme_3");
        assertThat(list(ACME, "completed", null, null, null, null, null)).containsExactly("op_acme_2");
        assertThat(list(ACME, "failed", null, null, null, null, null)).containsExactly("op_acme_3");
        assertThat(list(ACME, "created", "bob", null, null, null, null)).containsExactly("op_acme_4");
        assertThat(list(ACME, "processing", null, null, null, null, null)).isEmpty();
        assertThat(list(ACME, "cancelled", null, null, null, null, null)).isEmpty();
        assertThat(list(ACME, null, null, null, null, "2026-02-10", "2026-02-10"))
                .containsExactly("op_acme_3", "op_acme_2");
        assertThat(list(ACME, null, null, null, null, "2026-02-10T12:00:00Z", null))
                .containsExactly("op_acme_4", "op_acme_3");
        assertThat(list(ACME, null, null, null, null, null, "2026-02-10T10:00:00.000Z"))
                .containsExactly("op_acme_2", "op_acme_1");
        assertThat(list(ACME, null, "nobody", null, null, null, null)).isEmpty();
    }

    @Test
    void pagination() {
        for (int i = 0; i < 25; i++) {
            create(ACME, String.format("op_acme_%02d", i), "r" + i, "link_acme_" + i, T0.plusSeconds(i));
        }
        Page<OperationView> third = operations.list(ACME,
                OperationListQuery.parse("3", "10", null, null, null, null, null, null));
        assertThat(third.pagination()).isEqualTo(new Page.Pagination(3, 10, 25, 3));
        assertThat(ids(third)).containsExactly("op_acme_04", "op_acme_03", "op_acme_02", "op_acme_01", "op_acme_00");
        assertThat(operations.list(OTHER, OperationListQuery.all(PageRequest.first(20))).pagination())
                .isEqualTo(new Page.Pagination(1, 20, 0, 0));
    }

    @Test
    void anotherTenantsOperationsAreInvisible() {
        create(ACME, "op_acme_mine", "user_12345", "link_acme_1", T0);
        create(ACME_LIVE, "op_acme_live", "user_12345", "link_acme_2", T0);
        create(OTHER, "op_other_theirs", "user_12345", "link_other_3", T0);

        assertThat(list(ACME, null, null, null, null, null, null)).containsExactly("op_acme_mine");
        assertThat(list(ACME_LIVE, null, null, null, null, null, null)).containsExactly("op_acme_live");
        assertThat(list(ACME, null, "user_12345", null, null, null, null)).containsExactly("op_acme_mine");
        assertThat(list(ACME, null, null, null, "link_other_3", null, null)).isEmpty();
        assertThat(list(ACME, null, null, Identifiers.userId("acme", Environment.LIVE, "user_12345"), null, null,
                null)).isEmpty();
        for (String foreign : List.of("op_acme_live", "op_other_theirs", "op_acme_doesnotexist")) {
            assertThatThrownBy(() -> operations.get(ACME, foreign))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessage("Operation not found");
        }
    }

    @Test
    void latestOperationOfALink() {
        assertThat(operations.latestOfLink("link_acme_1")).isEmpty();
        create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        operations.on(new OperationCancelledEvent("op_acme_1", "u", "link_acme_1", "acme", Environment.SANDBOX,
                "r1", null, T0.plusSeconds(1)));
        create(ACME, "op_acme_2", "r1", "link_acme_1", T0.plusSeconds(60));
        create(ACME, "op_acme_3", "r2", "link_acme_3", T0.plusSeconds(90));

        assertThat(operations.latestOfLink("link_acme_1")).map(OperationView::operationId).contains("op_acme_2");
        assertThat(operations.latestOfLink("link_acme_3")).map(OperationView::operationId).contains("op_acme_3");
        assertThat(operations.latestOfLink("link_acme_9")).isEmpty();
        assertThat(operations.latestOfLink(null)).isEmpty();
    }

    @Test
    void badParametersNameTheirField() {
        assertThatThrownBy(() -> OperationListQuery.parse(null, null, null, null, "done", null, null, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("status"))
                .hasMessage("The status field must be one of: created, processing, completed, failed, cancelled");
        assertThatThrownBy(() -> OperationListQuery.parse(null, null, null, null, null, "has space", null, null))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("referenceId"));
        assertRefusedNaming("page", () -> OperationListQuery.parse("0", null, null, null, null, null, null, null));
        assertRefusedNaming("from",
                () -> OperationListQuery.parse(null, null, "2026-02-11", "2026-02-10", null, null, null, null));
    }

    @Test
    void resetEmptiesTheView() {
        create(ACME, "op_acme_1", "r1", "link_acme_1", T0);
        operations.reset();
        assertThat(db.count("operation_view")).isZero();
    }
}

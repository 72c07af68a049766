package com.m2m.command.widget;

import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationReceipt;

import java.math.BigDecimal;
import java.time.Instant;

/** An operation in the shape of docs/api.md "Operations" (the widget answers with the same shape partners read). */
public record WidgetOperation(String operationId, String userId, String referenceId, String linkId, String status,
                              Amount amount, Payout payout, Instant createdAt, Instant completedAt, Instant failedAt,
                              String failureReason) {

    public record Amount(BigDecimal send, BigDecimal receive, BigDecimal rate, BigDecimal fee, Currency currency) {
        static Amount of(OperationAmount amount) {
            return new Amount(amount.send(), amount.receive(), amount.rate(), amount.fee(),
                    new Currency(amount.sourceCurrency(), amount.destinationCurrency()));
        }
    }

    public record Currency(String source, String destination) {
    }

    public record Payout(String method, String country, String accountLast4) {
    }

    static WidgetOperation of(OperationReceipt receipt) {
        return new WidgetOperation(receipt.operationId(), receipt.userId(), receipt.referenceId(), receipt.linkId(),
                receipt.status().wireName(), Amount.of(receipt.amount()),
                new Payout(receipt.payout().method(), receipt.payout().country(), receipt.payout().accountLast4()),
                receipt.createdAt(), null, null, null);
    }
}

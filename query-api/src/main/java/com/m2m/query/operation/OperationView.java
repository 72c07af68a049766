package com.m2m.query.operation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One operation as listed by {@code GET /partner/operations}, returned by {@code GET /partner/operations/{id}} and
 * shown by the widget state (docs/api.md "Operations"). Amounts are exact decimals, written as JSON numbers
 * ({@code 100.00}); the payout account appears only as its last four characters.
 */
public record OperationView(String operationId, String userId, String referenceId, String linkId, String status,
                            Amount amount, Payout payout, Instant createdAt, Instant completedAt, Instant failedAt,
                            String failureReason) {

    /** {@code receive = round(send × rate, 2)}; {@code fee} is charged on top of {@code send}. */
    public record Amount(BigDecimal send, BigDecimal receive, BigDecimal rate, BigDecimal fee, Currency currency) {
    }

    public record Currency(String source, String destination) {
    }

    /**
     * Where the money goes: {@code bank_account} or {@code cash}, country (null for cash), last four
     * ({@code {"erased": true}} once the user was forgotten).
     */
    public record Payout(String method, String country, Object accountLast4) {
    }
}

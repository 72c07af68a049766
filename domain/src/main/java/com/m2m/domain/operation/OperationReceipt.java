package com.m2m.domain.operation;

import java.time.Instant;

/** What {@link CreateOperationCommand} answers: the new operation, as the widget shows it. */
public record OperationReceipt(String operationId, String userId, String referenceId, String linkId,
                               OperationStatus status, OperationAmount amount, PayoutSummary payout,
                               Instant createdAt) {
}

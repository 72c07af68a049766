package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.operation.OperationAmount;

/**
 * What the outbox remembers of an operation from its creation: {@code operation.completed} and
 * {@code operation.failed} carry the amount, which their events do not. Never the payout account (personal data)
 * nor the payout summary, which no webhook carries.
 */
public record OperationContext(String operationId, String partnerId, Environment environment, String referenceId,
                               String linkId, String userId, OperationAmount amount) {
}

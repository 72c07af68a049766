package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

public record OperationCancelledEvent(String operationId, String userId, String linkId, String partnerId,
                                      Environment environment, String referenceId, String reason,
                                      Instant cancelledAt) implements OperationEvent, StatusEvent {
}

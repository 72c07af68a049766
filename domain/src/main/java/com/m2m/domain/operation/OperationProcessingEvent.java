package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

public record OperationProcessingEvent(String operationId, String userId, String linkId, String partnerId,
                                       Environment environment, String referenceId, Instant at)
        implements OperationEvent, StatusEvent {
}

package com.m2m.domain.operation;

import com.m2m.domain.common.StatusEvent;
import com.m2m.domain.common.WireName;

import java.util.Map;

public enum OperationStatus implements WireName {
    CREATED, PROCESSING, COMPLETED, FAILED, CANCELLED;

    /** The status each {@link StatusEvent} of an operation leaves it in: the aggregate replays them all alike. */
    static final Map<Class<? extends StatusEvent>, OperationStatus> AFTER = Map.of(
            OperationProcessingEvent.class, PROCESSING,
            OperationCompletedEvent.class, COMPLETED,
            OperationFailedEvent.class, FAILED,
            OperationCancelledEvent.class, CANCELLED);

    @Override
    public String toString() {
        return wireName();
    }
}

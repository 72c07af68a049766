package com.m2m.domain.operation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The end user cancels, from the widget session of {@code linkId}, while the operation is still {@code created}. */
public record CancelOperationCommand(@TargetAggregateIdentifier String operationId, String linkId, String reason,
                                     Instant at) {
}

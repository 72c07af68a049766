package com.m2m.domain.operation;

import java.time.Duration;
import java.time.Instant;

/**
 * The end user confirmed a quote in the widget of link {@code linkId}. Creates the operation and completes the
 * link in one unit of work ({@code OperationCreationHandler}); the sandbox payout then advances one step every
 * {@code payoutStepDelay}.
 */
public record CreateOperationCommand(String operationId, String linkId, String quoteId, OperationAmount amount,
                                     Duration payoutStepDelay, Instant at) {
}

package com.m2m.domain.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * The end user consented to verification in the widget. {@code decisionDelay} is how long the (sandbox) provider
 * takes to decide; the user is visibly {@code cip_pending} meanwhile. Answers the user's status afterwards.
 */
public record StartCipVerificationCommand(@TargetAggregateIdentifier String userId, Duration decisionDelay,
                                          Instant at) {
}

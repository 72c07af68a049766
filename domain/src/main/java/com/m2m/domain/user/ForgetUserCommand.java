package com.m2m.domain.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An operator asked to forget the user: its personal data key is deleted alongside (see README). */
public record ForgetUserCommand(@TargetAggregateIdentifier String userId, Instant at) {
}

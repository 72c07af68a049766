package com.m2m.domain.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** Merge fields into an existing user under the precedence rules, then re-evaluate CIP. */
public record MergeUserDataCommand(@TargetAggregateIdentifier String userId, UserData userData, FieldSource source,
                                   Set<UserField> requiredFields, Instant at) {
}

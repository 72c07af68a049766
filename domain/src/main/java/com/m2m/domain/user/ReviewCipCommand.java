package com.m2m.domain.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A support agent reviewed a failed verification ({@code POST /support/users/{userId}/cip/approve|reject}).
 * {@code actor} is the staff member's name, {@code reason} their note (1..500 characters, checked by the API).
 */
public record ReviewCipCommand(@TargetAggregateIdentifier String userId, CipReviewDecision decision, String actor,
                               String reason, Instant at) {
}

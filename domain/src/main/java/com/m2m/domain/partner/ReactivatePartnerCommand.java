package com.m2m.domain.partner;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Lift a suspension. */
public record ReactivatePartnerCommand(@TargetAggregateIdentifier String partnerId, Instant at) {
}

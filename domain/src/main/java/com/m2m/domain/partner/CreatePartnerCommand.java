package com.m2m.domain.partner;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An operator registers a partner under its slug. */
public record CreatePartnerCommand(@TargetAggregateIdentifier String partnerId, String name, Instant at) {
}

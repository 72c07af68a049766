package com.m2m.domain.partner;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Every key of a suspended partner answers 403 PARTNER_SUSPENDED. */
public record SuspendPartnerCommand(@TargetAggregateIdentifier String partnerId, Instant at) {
}

package com.m2m.domain.partner;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Stop a key at once, found by the prefix shown in listings. */
public record RevokeApiKeyCommand(@TargetAggregateIdentifier String partnerId, String prefix, Instant at) {
}

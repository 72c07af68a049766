package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Store a new API key (its SHA-256 only; the key itself is shown once by the caller). */
public record IssueApiKeyCommand(@TargetAggregateIdentifier String partnerId, Environment environment, String prefix, String keyHash, Instant at) {
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Replace the signing secret; the previous one keeps signing alongside until {@code at} + 24 h. */
public record RotateWebhookSecretCommand(@TargetAggregateIdentifier String partnerId, Environment environment,
                                         WebhookSecret secret, Instant at) {
}

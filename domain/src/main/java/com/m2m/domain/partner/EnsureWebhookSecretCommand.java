package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Webhooks are never sent unsigned: the first {@code callbackUrl} of an environment that has no signing secret
 * creates one. The partner decides, in one command, whether the environment has one yet; the handler answers the
 * {@code candidate} when it became the secret (to be shown once), else null (docs/webhooks.md).
 */
public record EnsureWebhookSecretCommand(@TargetAggregateIdentifier String partnerId, Environment environment,
                                         WebhookSecret candidate, Instant at) {
}

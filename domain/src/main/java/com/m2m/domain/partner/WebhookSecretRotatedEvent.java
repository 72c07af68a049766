package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/**
 * A new signing secret. {@code previous} (null for the first secret) still signs, next to the new one, until
 * {@code previousValidUntil}.
 */
public record WebhookSecretRotatedEvent(String partnerId, Environment environment, WebhookSecret secret,
                                        WebhookSecret previous, Instant previousValidUntil, Instant at) {
}

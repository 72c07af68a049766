package com.m2m.domain.link;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/** A magic link was issued. Only the token's SHA-256 is kept: the token itself is shown once, in the 201. */
public record LinkCreatedEvent(String linkId, String userId, String partnerId, Environment environment,
                               String referenceId, String tokenHash, LinkOptions options, Instant expiresAt,
                               Instant createdAt) implements LinkEvent {
}

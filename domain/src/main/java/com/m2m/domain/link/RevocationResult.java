package com.m2m.domain.link;

import java.time.Instant;

/**
 * The outcome of a revoke. {@code expired} is true when the link's time had already run out: the expiry was
 * recorded instead and the partner is answered 410 (an exception would have rolled the expiry back).
 */
public record RevocationResult(String linkId, boolean expired, Instant revokedAt) {
}

package com.m2m.domain.user;

import java.time.Instant;

/** Verification failed ({@code identity_mismatch}, {@code document_invalid}, ...): the user needs review by support. */
public record CipFailedEvent(String userId, String verificationId, String reason, Instant at) {
}

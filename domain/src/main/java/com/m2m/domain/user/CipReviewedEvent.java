package com.m2m.domain.user;

import java.time.Instant;

/**
 * Support reviewed the failed verification {@code verificationId}: {@code approved} makes the user
 * {@code cip_verified} (with the {@link UserStatusChangedEvent} recorded alongside, and the {@code user.cip_verified}
 * webhook marked {@code reviewed}); {@code rejected} confirms the failure and keeps the block. Carries who decided
 * and why, for the audit trail.
 */
public record CipReviewedEvent(String userId, String verificationId, CipReviewDecision decision, String actor,
                               String reason, Instant at) {
}

package com.m2m.domain.link;

import com.m2m.domain.user.UserStatus;

import java.time.Instant;

/** What the partner is told about a new link beyond what it sent. */
public record LinkCreationResult(String linkId, String userId, UserStatus userStatus, Instant createdAt,
                                 Instant expiresAt) {
}

package com.m2m.domain.user;

import com.m2m.domain.common.Environment;

import java.time.Instant;
import java.util.List;

/** The first link for a new (partner, environment, referenceId) created the user. */
public record UserCreatedEvent(String userId, String partnerId, Environment environment, String referenceId,
                               List<UserField> requiredFields, Instant createdAt) {
}

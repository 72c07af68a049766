package com.m2m.domain.user;

import java.time.Instant;
import java.util.List;

/**
 * The user's CIP evaluation changed: its status, the list of required fields still missing, or both
 * ({@code previousStatus} equals {@code status} when only the missing fields moved).
 */
public record UserStatusChangedEvent(String userId, UserStatus previousStatus, UserStatus status,
                                     List<UserField> missingFields, Instant at) {
}

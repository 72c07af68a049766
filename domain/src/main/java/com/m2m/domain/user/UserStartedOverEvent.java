package com.m2m.domain.user;

import java.time.Instant;
import java.util.List;

/**
 * A new link for a forgotten user: the user starts over as if new ({@code pending}, nothing known, verification
 * required again); what the new link brings is merged after this event.
 */
public record UserStartedOverEvent(String userId, List<UserField> requiredFields, Instant at) {
}

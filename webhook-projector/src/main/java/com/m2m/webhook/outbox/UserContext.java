package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;

/**
 * What the outbox remembers of a user, for user-level events that carry only the user id. The active link gives
 * such an event its ordering and its callbackUrl.
 */
public record UserContext(String userId, String partnerId, Environment environment, String referenceId,
                          String activeLinkId) {
}

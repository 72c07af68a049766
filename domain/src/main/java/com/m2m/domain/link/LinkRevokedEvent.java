package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

/** The partner revoked the link; the user is free for a new one at once. */
public record LinkRevokedEvent(String linkId, String userId, String partnerId, Environment environment,
                               String referenceId, String reason, Instant revokedAt) implements LinkEvent, StatusEvent {
}

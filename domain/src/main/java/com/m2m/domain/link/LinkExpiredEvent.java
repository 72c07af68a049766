package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

/** The link's lifetime ran out while it was still active. {@code expiredAt} is its {@code expiresAt}. */
public record LinkExpiredEvent(String linkId, String userId, String partnerId, Environment environment,
                               String referenceId, Instant expiredAt, Instant recordedAt)
        implements LinkEvent, StatusEvent {
}

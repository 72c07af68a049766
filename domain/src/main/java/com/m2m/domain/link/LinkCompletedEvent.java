package com.m2m.domain.link;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/** The end user confirmed a transfer: the link is done and its user free for a new one. */
public record LinkCompletedEvent(String linkId, String userId, String partnerId, Environment environment,
                                 String referenceId, String operationId, Instant completedAt) implements LinkEvent {
}

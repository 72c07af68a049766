package com.m2m.domain.link;

import com.m2m.domain.common.Environment;

import java.time.Instant;

public record LinkFlowStartedEvent(String linkId, String userId, String partnerId, Environment environment,
                                   String referenceId, Instant at) {
}

package com.m2m.domain.user;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/**
 * The user's data key was deleted: every personal value in the user's events now reads as erased. Projections
 * mark the user erased (also when rebuilt, since this event stays); states, times, sources and outcomes stay.
 */
public record UserForgottenEvent(String userId, String partnerId, Environment environment, String referenceId,
                                 Instant at) {
}

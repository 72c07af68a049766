package com.m2m.domain.user;

import java.time.Instant;

/**
 * A new link became the user's one active link. Writing it to the user's stream is what makes the
 * one-active-link rule atomic: two concurrent creates race for the same sequence number and only one wins.
 */
public record ActiveLinkAssignedEvent(String userId, String linkId, Instant expiresAt, Instant at) {
}

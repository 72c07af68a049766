package com.m2m.domain.partner;

import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

/** The partner was suspended. */
public record PartnerSuspendedEvent(String partnerId, Instant at) implements StatusEvent {
}

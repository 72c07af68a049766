package com.m2m.domain.partner;

import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

/** The partner's suspension was lifted. */
public record PartnerReactivatedEvent(String partnerId, Instant at) implements StatusEvent {
}

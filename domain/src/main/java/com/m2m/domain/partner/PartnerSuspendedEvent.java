package com.m2m.domain.partner;

import java.time.Instant;

/** The partner was suspended. */
public record PartnerSuspendedEvent(String partnerId, Instant at) {
}

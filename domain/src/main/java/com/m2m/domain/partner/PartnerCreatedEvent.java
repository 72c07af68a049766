package com.m2m.domain.partner;

import java.time.Instant;

/** A partner was registered (active, default settings in both environments). */
public record PartnerCreatedEvent(String partnerId, String name, Instant createdAt) {
}

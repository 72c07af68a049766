package com.m2m.query.partner;

import java.time.Instant;

/** A partner as listed by the directory; {@code status} is the wire name ({@code active} or {@code suspended}). */
public record PartnerSummary(String partnerId, String name, String status, Instant createdAt) {
}

package com.m2m.domain.staff;

import java.util.Set;

/**
 * The staff member behind a {@code /admin}, {@code /support} or {@code /analytics} request: {@code name} is the
 * token's configured name (or {@code staff_} + the first 8 hex of the token's SHA-256 when it has none), never the
 * token itself; {@code roles} as configured ({@code OPERATOR}, {@code SUPPORT}, {@code ANALYST}, {@code PII}).
 */
public record StaffActor(String name, Set<String> roles) {

    public static final String PII = "PII";

    public StaffActor {
        roles = Set.copyOf(roles);
    }

    /** Whether support answers may show this actor unmasked personal data (every such read is audited). */
    public boolean mayReadPersonalData() {
        return roles.contains(PII);
    }
}

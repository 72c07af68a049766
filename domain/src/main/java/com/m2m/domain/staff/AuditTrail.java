package com.m2m.domain.staff;

import java.time.Instant;

/**
 * Records a staff action that is not a command on an aggregate (a projection rebuild, a read of unmasked personal
 * data) in the audit trail listed by {@code GET /admin/audit}. Commands need no call: the actor travels with the
 * command as metadata onto its events, and the audit is kept from those events.
 */
public interface AuditTrail {

    /**
     * @param actor  {@link StaffActor#name()}
     * @param action e.g. {@code pii.read}, {@code projection.rebuilt}
     * @param target what it was done to: a user id, a partner id, a projection name
     */
    void record(String actor, String action, String target, Instant at);
}

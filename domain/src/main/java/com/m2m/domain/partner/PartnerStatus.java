package com.m2m.domain.partner;

import com.m2m.domain.common.StatusEvent;
import com.m2m.domain.common.WireName;

import java.util.Map;

public enum PartnerStatus implements WireName {
    ACTIVE, SUSPENDED;

    /** The status each {@link StatusEvent} of a partner leaves it in: the aggregate replays them all alike. */
    static final Map<Class<? extends StatusEvent>, PartnerStatus> AFTER = Map.of(
            PartnerSuspendedEvent.class, SUSPENDED,
            PartnerReactivatedEvent.class, ACTIVE);

    @Override
    public String toString() {
        return wireName();
    }
}

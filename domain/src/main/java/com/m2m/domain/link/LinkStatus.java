package com.m2m.domain.link;

import com.m2m.domain.common.StatusEvent;
import com.m2m.domain.common.WireName;

import java.util.Map;

/** A link's lifecycle (docs/domain.md "Links"). The last three are terminal. */
public enum LinkStatus implements WireName {
    CREATED, OPENED, IN_PROGRESS, COMPLETED, EXPIRED, REVOKED;

    /** The status each {@link StatusEvent} of a link leaves it in: the aggregate replays them all alike. */
    static final Map<Class<? extends StatusEvent>, LinkStatus> AFTER = Map.of(
            LinkOpenedEvent.class, OPENED,
            LinkFlowStartedEvent.class, IN_PROGRESS,
            LinkRevokedEvent.class, REVOKED,
            LinkExpiredEvent.class, EXPIRED);

    public boolean isActive() {
        return this == CREATED || this == OPENED || this == IN_PROGRESS;
    }

    public static LinkStatus fromWireName(String value) {
        return WireName.requireWire(LinkStatus.class, value, "link status");
    }

    @Override
    public String toString() {
        return wireName();
    }
}

package com.m2m.domain.link;

import com.m2m.domain.common.WireName;

/** A link's lifecycle (docs/domain.md "Links"). The last three are terminal. */
public enum LinkStatus implements WireName {
    CREATED, OPENED, IN_PROGRESS, COMPLETED, EXPIRED, REVOKED;

    public boolean isActive() {
        return this == CREATED || this == OPENED || this == IN_PROGRESS;
    }

    public static LinkStatus fromWireName(String value) {
        return WireName.fromWire(LinkStatus.class, value)
                .orElseThrow(() -> new IllegalArgumentException("Unknown link status " + value));
    }

    @Override
    public String toString() {
        return wireName();
    }
}

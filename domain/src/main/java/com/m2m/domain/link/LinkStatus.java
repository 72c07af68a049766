package com.m2m.domain.link;

/** A link's lifecycle (docs/domain.md "Links"). The last three are terminal. */
public enum LinkStatus {
    CREATED("created"),
    OPENED("opened"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    EXPIRED("expired"),
    REVOKED("revoked");

    private final String wireName;

    LinkStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isActive() {
        return this == CREATED || this == OPENED || this == IN_PROGRESS;
    }

    public static LinkStatus fromWireName(String value) {
        for (LinkStatus status : values()) {
            if (status.wireName.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown link status " + value);
    }

    @Override
    public String toString() {
        return wireName;
    }
}

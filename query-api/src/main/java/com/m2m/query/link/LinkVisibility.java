package com.m2m.query.link;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code visibility} filter of the link list. {@code active}: usable now (active status and time left);
 * {@code expired}: expired, whether the expiry was already recorded or the time simply ran out.
 */
public enum LinkVisibility {
    ACTIVE("active"),
    EXPIRED("expired");

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(LinkVisibility::wireName).toList();

    private final String wireName;

    LinkVisibility(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static LinkVisibility fromWireName(String value) {
        for (LinkVisibility visibility : values()) {
            if (visibility.wireName.equals(value)) {
                return visibility;
            }
        }
        throw new IllegalArgumentException("Unknown visibility " + value);
    }
}

package com.m2m.webhook.delivery;

import java.util.Arrays;
import java.util.List;

/** A delivery's state: waiting for (another) attempt, received by the partner, or given up. */
public enum DeliveryStatus {
    PENDING("pending"),
    DELIVERED("delivered"),
    FAILED("failed");

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(DeliveryStatus::wireName).toList();

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeliveryStatus fromWireName(String value) {
        for (DeliveryStatus status : values()) {
            if (status.wireName.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown delivery status " + value);
    }

    @Override
    public String toString() {
        return wireName;
    }
}

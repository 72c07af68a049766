package com.m2m.webhook.delivery;

import com.m2m.domain.common.WireName;

import java.util.Arrays;
import java.util.List;

/** A delivery's state: waiting for (another) attempt, received by the partner, or given up. */
public enum DeliveryStatus implements WireName {
    PENDING, DELIVERED, FAILED;

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(DeliveryStatus::wireName).toList();

    public static DeliveryStatus fromWireName(String value) {
        return WireName.requireWire(DeliveryStatus.class, value, "delivery status");
    }

    @Override
    public String toString() {
        return wireName();
    }
}

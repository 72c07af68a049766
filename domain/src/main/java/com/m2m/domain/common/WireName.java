package com.m2m.domain.common;

import java.util.Locale;
import java.util.Optional;

/**
 * An enum whose name on the wire (JSON, webhooks, read-model columns) is its constant's name in lower case:
 * {@code IN_PROGRESS} is {@code "in_progress"}. Implementing enums return {@link #wireName()} from
 * {@code toString()} as well (an interface cannot do that for them).
 */
public interface WireName {

    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose wire name is exactly {@code value}, or empty. */
    static <E extends Enum<E> & WireName> Optional<E> fromWire(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /**
     * The constant of {@code type} whose wire name is exactly {@code value}, for stored values that must be known.
     *
     * @throws IllegalArgumentException "Unknown {what} {value}"
     */
    static <E extends Enum<E> & WireName> E requireWire(Class<E> type, String value, String what) {
        return fromWire(type, value).orElseThrow(() -> new IllegalArgumentException("Unknown " + what + " " + value));
    }
}

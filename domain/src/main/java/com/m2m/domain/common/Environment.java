package com.m2m.domain.common;

import java.util.Locale;

/** A partner's two fully isolated worlds. The API key prefix decides which one a request lives in. */
public enum Environment implements WireName {
    SANDBOX("m2m_test_"),
    LIVE("m2m_live_");

    private final String keyPrefix;

    Environment(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** @throws ValidationException naming {@code field} when the value is not {@code sandbox} or {@code live}. */
    public static Environment parse(String value, String field) {
        return WireName.fromWire(Environment.class, value == null ? null : value.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new ValidationException(field, "The " + field + " field must be one of: sandbox, live"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}

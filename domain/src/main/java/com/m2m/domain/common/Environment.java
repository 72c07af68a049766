package com.m2m.domain.common;

import java.util.Locale;

/** A partner's two fully isolated worlds. The API key prefix decides which one a request lives in. */
public enum Environment {
    SANDBOX("sandbox", "m2m_test_"),
    LIVE("live", "m2m_live_");

    private final String wireName;
    private final String keyPrefix;

    Environment(String wireName, String keyPrefix) {
        this.wireName = wireName;
        this.keyPrefix = keyPrefix;
    }

    public String wireName() {
        return wireName;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** @throws ValidationException naming {@code field} when the value is not {@code sandbox} or {@code live}. */
    public static Environment parse(String value, String field) {
        if (value != null) {
            for (Environment environment : values()) {
                if (environment.wireName.equals(value.toLowerCase(Locale.ROOT))) {
                    return environment;
                }
            }
        }
        throw new ValidationException(field, "The " + field + " field must be one of: sandbox, live");
    }

    @Override
    public String toString() {
        return wireName;
    }
}

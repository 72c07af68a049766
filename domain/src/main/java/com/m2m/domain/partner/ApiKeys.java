package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API key format: {@code m2m_test_} or {@code m2m_live_} + 32 alphanumerics. The prefix decides the
 * environment; only the SHA-256 of a key is ever stored (a key is 190 bits of randomness, so a plain hash is
 * enough: there is nothing to brute-force as with passwords).
 */
public final class ApiKeys {

    private static final Pattern FORMAT = Pattern.compile("m2m_(test|live)_[A-Za-z0-9]{32}");
    private static final int LISTING_PREFIX_LENGTH = 12;

    private ApiKeys() {
    }

    public static String generate(Environment environment) {
        return environment.keyPrefix() + Identifiers.randomAlphanumeric(32);
    }

    /** The environment of a well-formed key; empty for anything else (which is answered like an unknown key). */
    public static Optional<Environment> environmentOf(String key) {
        if (key == null || !FORMAT.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of(key.startsWith(Environment.LIVE.keyPrefix()) ? Environment.LIVE : Environment.SANDBOX);
    }

    public static String hash(String key) {
        return Identifiers.sha256Hex(key);
    }

    /** What listings show of a key: its first 12 characters, e.g. {@code m2m_test_ab1}. */
    public static String listingPrefix(String key) {
        return key.substring(0, LISTING_PREFIX_LENGTH);
    }
}

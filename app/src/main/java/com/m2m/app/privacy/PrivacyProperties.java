package com.m2m.app.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code m2m.privacy.*}.
 *
 * @param masterKey 32 random bytes in base64 ({@code openssl rand -base64 32}): wraps every user's data key and
 *                  seals stored idempotency responses. Required with any database but the embedded default,
 *                  which creates one next to its database file ({@code ./data/master.key}, owner-only) when unset.
 *                  Lose it and the personal data and kept responses cannot be read any more.
 */
@ConfigurationProperties("m2m.privacy")
public record PrivacyProperties(String masterKey) {

    public static final String MASTER_KEY_PROPERTY = "m2m.privacy.master-key";

    public boolean hasMasterKey() {
        return masterKey != null && !masterKey.isBlank();
    }
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Identifiers;

import java.util.Base64;

/**
 * A webhook signing secret, {@code whsec_} + 32 random bytes (base64url). It must stay readable to sign, so it
 * travels in events like personal data does: inside this value object, whose {@link #toString()} hides it.
 */
public record WebhookSecret(String value) {

    private static final int PREFIX_LENGTH = 12;

    public static WebhookSecret generate() {
        return new WebhookSecret("whsec_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Identifiers.randomBytes(32)));
    }

    /** What listings show: {@code whsec_} and the next six characters. */
    public String prefix() {
        return value.substring(0, Math.min(PREFIX_LENGTH, value.length()));
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + prefix() + "***]";
    }
}

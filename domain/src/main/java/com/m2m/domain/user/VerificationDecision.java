package com.m2m.domain.user;

/** A provider's verdict; {@code reason} is set when not verified. */
public record VerificationDecision(boolean verified, String reason) {

    public static VerificationDecision pass() {
        return new VerificationDecision(true, null);
    }

    public static VerificationDecision fail(String reason) {
        return new VerificationDecision(false, reason);
    }
}

package com.m2m.domain.user;

/** A provider's verdict; {@code reason} is set when not verified. */
public record VerificationDecision(boolean verified, String reason) {

    public static VerificationDecision verified() {
        return new VerificationDecision(true, null);
    }

    public static VerificationDecision failed(String reason) {
        return new VerificationDecision(false, reason);
    }
}

package com.m2m.app.privacy;

/** Start-up cannot keep personal data safe with this configuration or store; the message says what to do. */
public class PrivacyStartupFailure extends IllegalStateException {

    public PrivacyStartupFailure(String message) {
        super(message);
    }
}

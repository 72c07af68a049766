package com.m2m.domain.privacy;

import java.util.Optional;

/**
 * Encrypts personal data with the data key of the user it belongs to (one key per user, kept outside the events;
 * see the app's {@code DataKeyStore}). The token names its key, so it can be opened without knowing its event.
 */
public interface PersonalDataCipher {

    /** A self-describing token (key id and AES-GCM ciphertext bound to the user id). */
    String encrypt(String userId, String plaintext);

    /** The plain value; empty when the key was deleted (the user was forgotten). */
    Optional<String> decrypt(String token);
}

package com.m2m.domain.privacy;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The platform's key from configuration ({@code m2m.privacy.master-key}, 32 bytes in base64). It never encrypts
 * personal data itself: it wraps the per-user data keys and seals stored idempotency responses. Each use names a
 * {@code context} (bound as associated data) so a ciphertext made for one purpose never opens for another.
 * {@link #toString()} never shows the key.
 */
public final class MasterKey {

    private final SecretKey key;

    private MasterKey(SecretKey key) {
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException when {@code base64} is not 32 bytes in base64 (the message never repeats it)
     */
    public static MasterKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("m2m.privacy.master-key must be " + Aead.KEY_BYTES
                    + " random bytes in base64 (e.g. the output of 'openssl rand -base64 32')");
        }
        if (bytes.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("m2m.privacy.master-key must be " + Aead.KEY_BYTES
                    + " bytes in base64, not " + bytes.length + " bytes");
        }
        return new MasterKey(Aead.key(bytes));
    }

    public static MasterKey generate() {
        return new MasterKey(Aead.newKey());
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public byte[] seal(byte[] plaintext, String context) {
        return Aead.encrypt(key, plaintext, context.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws Aead.DecryptionFailed when the bytes were sealed with another key or for another context */
    public byte[] open(byte[] sealed, String context) {
        return Aead.decrypt(key, sealed, context.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MasterKey[***]";
    }
}

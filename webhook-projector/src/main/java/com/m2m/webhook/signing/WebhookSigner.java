package com.m2m.webhook.signing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code X-M2M-Signature} (docs/webhooks.md): {@code sha256=} + lowercase hex HMAC-SHA256, key = the secret string as
 * UTF-8, message = the decimal Unix-seconds timestamp, {@code .}, and the raw body bytes. During the overlap after
 * a rotation both secrets sign: {@code sha256=<new>,sha256=<old>}.
 */
public final class WebhookSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {
    }

    /** The header value for one attempt. */
    public static String header(SigningKeys keys, long timestamp, byte[] body, Instant now) {
        List<String> secrets = keys.activeAt(now);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("No signing secret");
        }
        return secrets.stream().map(secret -> signature(secret, timestamp, body)).collect(Collectors.joining(","));
    }

    /** One {@code sha256=<hex>} element. */
    public static String signature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
        }
    }
}

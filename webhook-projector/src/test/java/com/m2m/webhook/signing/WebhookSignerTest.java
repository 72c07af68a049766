package com.m2m.webhook.signing;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {

    private static final String SECRET = "whsec_test_secret";
    private static final long TIMESTAMP = 1767225600L;
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"event\":\"link.created\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-02-10T14:30:00Z");

    /** What a receiver computes, written independently of the signer. */
    private static String expected(String secret, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(message));
    }

    @Test
    void signsTimestampDotRawBodyWithTheSecretString() throws Exception {
        String signature = WebhookSigner.signature(SECRET, TIMESTAMP, BODY);

        assertThat(signature).isEqualTo(expected(SECRET, TIMESTAMP, BODY));
        // Also computed with: printf '%s' '1767225600.{...}' | openssl dgst -sha256 -hmac whsec_test_secret
        assertThat(signature).isEqualTo("sha256=11a89d7d9e0800228071fba05ca57f0064f997cce80b52003511820068bfc35a");
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
    }

    @Test
    void aSingleSecretGivesOneSignature() throws Exception {
        assertThat(WebhookSigner.header(SigningKeys.single(SECRET), TIMESTAMP, BODY, NOW))
                .isEqualTo(expected(SECRET, TIMESTAMP, BODY));
    }

    @Test
    void duringTheOverlapAfterARotationBothSecretsSignNewestFirst() throws Exception {
        SigningKeys keys = new SigningKeys("whsec_new", "whsec_old", NOW.plus(Duration.ofHours(24)));

        String header = WebhookSigner.header(keys, TIMESTAMP, BODY, NOW.plus(Duration.ofHours(23)));

        assertThat(header).isEqualTo(expected("whsec_new", TIMESTAMP, BODY) + "," + expected("whsec_old", TIMESTAMP, BODY));
    }

    @Test
    void afterTheOverlapOnlyTheNewSecretSigns() throws Exception {
        Instant validUntil = NOW.plus(Duration.ofHours(24));
        SigningKeys keys = new SigningKeys("whsec_new", "whsec_old", validUntil);

        assertThat(WebhookSigner.header(keys, TIMESTAMP, BODY, validUntil))
                .isEqualTo(expected("whsec_new", TIMESTAMP, BODY));
        assertThat(WebhookSigner.header(keys, TIMESTAMP, BODY, validUntil.plusSeconds(1)))
                .isEqualTo(expected("whsec_new", TIMESTAMP, BODY));
    }

    @Test
    void nothingSignsWithoutASecretAndKeysNeverPrintThemselves() {
        assertThatThrownBy(() -> WebhookSigner.header(SigningKeys.single(null), TIMESTAMP, BODY, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SigningKeys("whsec_new", "whsec_old", NOW).toString()).doesNotContain("whsec_");
    }
}

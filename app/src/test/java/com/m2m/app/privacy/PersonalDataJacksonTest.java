package com.m2m.app.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.privacy.PersonalDataCipher;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserField;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event serializer's handling of personal data and webhook secrets, with a cipher whose keys the test deletes. */
class PersonalDataJacksonTest {

    /** Encrypts by reference: the token names an entry; forgetting removes the user's entries. */
    static final class FakeCipher implements PersonalDataCipher {
        final Map<String, String[]> tokens = new HashMap<>();

        @Override
        public String encrypt(String userId, String plaintext) {
            String token = "pd1:k" + tokens.size() + ":x";
            tokens.put(token, new String[]{userId, plaintext});
            return token;
        }

        @Override
        public Optional<String> decrypt(String token) {
            return Optional.ofNullable(tokens.get(token)).map(entry -> entry[1]);
        }

        void forget(String userId) {
            tokens.values().removeIf(entry -> entry[0].equals(userId));
        }
    }

    final FakeCipher cipher = new FakeCipher();
    final MasterKey masterKey = MasterKey.generate();
    final Serializer serializer = new PersonalDataSerializer(JacksonSerializer.builder().objectMapper(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(PersonalDataJackson.module(() -> cipher))
            .registerModule(WebhookSecretJackson.module(masterKey))).build());

    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anEventsPersonalDataIsStoredEncryptedAndReadsErasedOnceForgotten() {
        FieldMergedEvent event = new FieldMergedEvent("user_a", UserField.FIRST_NAME, FieldSource.PARTNER_API,
                new PersonalData("Wenceslao"), null, AT);
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).doesNotContain("Wenceslao").contains("pd1:");
        assertThat(cipher.tokens.values()).extracting(entry -> entry[0]).containsExactly("user_a");

        FieldMergedEvent read = serializer.deserialize(stored);
        assertThat(read).isEqualTo(event);

        cipher.forget("user_a");
        FieldMergedEvent erased = serializer.deserialize(stored);
        assertThat(erased.value().erased()).isTrue();
        assertThat(erased.field()).isEqualTo(UserField.FIRST_NAME);
        assertThat(erased.source()).isEqualTo(FieldSource.PARTNER_API);
        assertThat(erased.at()).isEqualTo(AT);
        // Re-serialized (e.g. a replay), an erased value stays erased.
        assertThat(((FieldMergedEvent) serializer.deserialize(serializer.serialize(erased, byte[].class))).value())
                .isEqualTo(PersonalData.erasedValue());
    }

    record Unowned(PersonalData value) {
    }

    @Test
    void personalDataOutsideAnEventOfItsUserIsNeverWritten() {
        assertThatThrownBy(() -> serializer.serialize(new Unowned(new PersonalData("Juan")), byte[].class))
                .rootCause().hasMessageContaining("Personal data may only be stored inside an event that names its"
                        + " user (PersonalDataOwner); refusing to write it in plain text");
    }

    record WithSecret(WebhookSecret secret) {
    }

    @Test
    void webhookSecretsAreSealedWithTheMasterKey() {
        WebhookSecret secret = WebhookSecret.generate();
        SerializedObject<byte[]> stored = serializer.serialize(new WithSecret(secret), byte[].class);
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).doesNotContain(secret.value())
                .doesNotContain("whsec_").contains("ws1:");
        assertThat(((WithSecret) serializer.deserialize(stored)).secret()).isEqualTo(secret);
    }
}

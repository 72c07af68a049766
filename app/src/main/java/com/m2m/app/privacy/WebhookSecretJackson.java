package com.m2m.app.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.privacy.MasterKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Webhook signing secrets inside the partner's events ({@code WebhookSecretRotatedEvent}) are stored sealed with
 * the master key ({@code ws1:<base64>}): the platform must be able to sign with them, so they cannot be hashed like
 * API keys, but the event store never holds them readable.
 */
public final class WebhookSecretJackson {

    static final String PREFIX = "ws1:";
    private static final String CONTEXT = "webhook-secret";

    private WebhookSecretJackson() {
    }

    public static SimpleModule module(MasterKey masterKey) {
        SimpleModule module = new SimpleModule("m2m-webhook-secret");
        module.addSerializer(WebhookSecret.class, new JsonSerializer<>() {
            @Override
            public void serialize(WebhookSecret secret, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(PREFIX + Base64.getEncoder().encodeToString(
                        masterKey.seal(secret.value().getBytes(StandardCharsets.UTF_8), CONTEXT)));
            }
        });
        module.addDeserializer(WebhookSecret.class, new JsonDeserializer<>() {
            @Override
            public WebhookSecret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().startsWith(PREFIX)) {
                    byte[] sealed = Base64.getDecoder().decode(parser.getText().substring(PREFIX.length()));
                    return new WebhookSecret(new String(masterKey.open(sealed, CONTEXT), StandardCharsets.UTF_8));
                }
                throw JsonMappingException.from(parser, "A webhook secret in plain text in the event store: this"
                        + " store was written before secrets were sealed (see README, delete ./data)");
            }
        });
        return module;
    }
}

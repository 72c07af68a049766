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
import com.m2m.domain.privacy.PersonalDataCipher;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.PersonalDataOwner;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * How {@link PersonalData} is written into and read from the event store: as an encrypted token of the user the
 * event belongs to, never as plain text.
 *
 * <p>Writing needs to know whose key to use. The event serializer ({@link PersonalDataSerializer}) binds the user
 * id of the event being serialized ({@link PersonalDataOwner#userId()}) to the thread for the duration of that
 * one call; a {@code PersonalData} serialized with no such binding fails the write rather than store plain text.
 * Reading needs no context: the token names its key. A token whose key was deleted reads as
 * {@link PersonalData#erasedValue()}, so every consumer of events (aggregates, projections, support history)
 * sees "erased" instead of an error.
 */
public final class PersonalDataJackson {

    private static final ThreadLocal<String> OWNER = new ThreadLocal<>();
    /** Set while an aggregate snapshot is written: its values use the owner's existing key, never a new one. */
    private static final ThreadLocal<Boolean> EXISTING_KEY_ONLY = new ThreadLocal<>();

    private PersonalDataJackson() {
    }

    public static SimpleModule module(Supplier<PersonalDataCipher> cipher) {
        SimpleModule module = new SimpleModule("m2m-personal-data");
        module.addSerializer(PersonalData.class, new Writer(cipher));
        module.addDeserializer(PersonalData.class, new Reader(cipher));
        return module;
    }

    /** Runs {@code serialization} with {@code userId} as the owner of any personal data it writes. */
    static <T> T asOwner(String userId, Supplier<T> serialization) {
        String previous = OWNER.get();
        OWNER.set(userId);
        try {
            return serialization.get();
        } finally {
            if (previous == null) {
                OWNER.remove();
            } else {
                OWNER.set(previous);
            }
        }
    }

    /**
     * Runs {@code serialization} of a snapshot of {@code userId}'s aggregate: like {@link #asOwner}, but personal data
     * is only encrypted with a key the user already has. A snapshot taken while the user is being forgotten (its
     * state read before the keys were deleted) then fails instead of storing that state under a fresh key.
     */
    static <T> T asSnapshotOwner(String userId, Supplier<T> serialization) {
        EXISTING_KEY_ONLY.set(Boolean.TRUE);
        try {
            return asOwner(userId, serialization);
        } finally {
            EXISTING_KEY_ONLY.remove();
        }
    }

    private static final class Writer extends JsonSerializer<PersonalData> {
        private final Supplier<PersonalDataCipher> cipher;

        Writer(Supplier<PersonalDataCipher> cipher) {
            this.cipher = cipher;
        }

        @Override
        public void serialize(PersonalData value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            if (value.erased()) {
                // An erased value (an event re-published after its user was forgotten) stays erased.
                generator.writeNull();
                return;
            }
            String owner = OWNER.get();
            if (owner == null) {
                throw JsonMappingException.from(generator, "Personal data may only be stored inside an event that"
                        + " names its user (PersonalDataOwner); refusing to write it in plain text");
            }
            PersonalDataCipher keys = cipher.get();
            if (Boolean.TRUE.equals(EXISTING_KEY_ONLY.get())) {
                if (!(keys instanceof DataKeyStore store)) {
                    throw JsonMappingException.from(generator, "Snapshots with personal data need the data key store");
                }
                generator.writeString(store.encryptWithExistingKey(owner, value.value()));
                return;
            }
            generator.writeString(keys.encrypt(owner, value.value()));
        }
    }

    private static final class Reader extends JsonDeserializer<PersonalData> {
        private final Supplier<PersonalDataCipher> cipher;

        Reader(Supplier<PersonalDataCipher> cipher) {
            this.cipher = cipher;
        }

        @Override
        public PersonalData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw JsonMappingException.from(parser, "Personal data in plain text in the event store: this store"
                        + " was written before personal data was encrypted (see README, delete ./data)");
            }
            return cipher.get().decrypt(parser.getText()).map(PersonalData::new)
                    .orElseGet(PersonalData::erasedValue);
        }

        @Override
        public PersonalData getNullValue(DeserializationContext context) {
            return PersonalData.erasedValue();
        }
    }
}

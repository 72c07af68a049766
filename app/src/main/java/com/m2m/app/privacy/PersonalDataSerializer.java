package com.m2m.app.privacy;

import com.m2m.domain.user.PersonalDataOwner;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserCreatedEvent;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

import java.util.function.Consumer;

/**
 * The event serializer: Axon's Jackson serializer, with the user of each {@link PersonalDataOwner} event bound
 * while it is serialized, so that {@link PersonalDataJackson} encrypts its personal data with that user's key.
 * Everything else passes through unchanged. A {@link UserCreatedEvent} on its way into the store is reported to
 * {@code usersCreated} first (it precedes the user's other events in the append), so the key store knows that user
 * has no key to look up yet. A snapshot of the {@link User} aggregate is bound to its user too, and encrypted only
 * with a key the user already has (see {@link PersonalDataJackson#asSnapshotOwner}).
 */
public final class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final Consumer<String> usersCreated;

    public PersonalDataSerializer(Serializer delegate) {
        this(delegate, userId -> {
        });
    }

    public PersonalDataSerializer(Serializer delegate, Consumer<String> usersCreated) {
        this.delegate = delegate;
        this.usersCreated = usersCreated;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object instanceof UserCreatedEvent created) {
            usersCreated.accept(created.userId());
        }
        if (object instanceof User snapshot) {
            // A snapshot of the aggregate holds the same personal data as its events, encrypted the same way.
            return PersonalDataJackson.asSnapshotOwner(snapshot.userId(),
                    () -> delegate.serialize(object, expectedRepresentation));
        }
        if (object instanceof PersonalDataOwner owner) {
            return PersonalDataJackson.asOwner(owner.userId(),
                    () -> delegate.serialize(object, expectedRepresentation));
        }
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        return delegate.deserialize(serializedObject);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}

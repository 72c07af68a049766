package com.m2m.app.privacy;

import com.m2m.domain.user.PersonalDataOwner;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * The event serializer: Axon's Jackson serializer, with the user of each {@link PersonalDataOwner} event bound
 * while it is serialized, so that {@link PersonalDataJackson} encrypts its personal data with that user's key.
 * Everything else passes through unchanged.
 */
public final class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;

    public PersonalDataSerializer(Serializer delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
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

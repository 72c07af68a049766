package com.m2m.domain.user;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fields one request brings, already validated and normalised. Only the fields present are merged; a field
 * absent here is never cleared. {@code paymentMethod} is held in its {@link PaymentMethod#encode() encoded} form.
 */
public record UserData(Map<UserField, PersonalData> values) {

    public static final UserData EMPTY = new UserData(Map.of());

    public UserData {
        EnumMap<UserField, PersonalData> copy = new EnumMap<>(UserField.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public static UserData of(Map<UserField, String> plain) {
        EnumMap<UserField, PersonalData> values = new EnumMap<>(UserField.class);
        plain.forEach((field, value) -> values.put(field, new PersonalData(value)));
        return new UserData(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "UserData" + values.keySet();
    }
}

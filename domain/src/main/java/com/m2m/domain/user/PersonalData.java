package com.m2m.domain.user;

import java.util.Objects;

/**
 * A field value that identifies a person (name, id number, date of birth, account number, id image).
 * Events carry personal data only inside this type, and the event store keeps it encrypted with the data key of
 * the user it belongs to (see README "Privacy: encryption and forgetting"). Once that key is deleted (the user
 * was forgotten), reading the event yields an {@link #erased() erased} value: the event still says which field,
 * which source and when, but no longer what. {@link #toString()} never prints the value, so it cannot leak into
 * logs.
 *
 * @param value  the plain value; null only when erased
 * @param erased true when the value was forgotten and cannot be read any more
 */
public record PersonalData(String value, boolean erased) {

    private static final PersonalData ERASED = new PersonalData(null, true);

    public PersonalData {
        if (erased != (value == null)) {
            throw new IllegalArgumentException(erased ? "an erased value has no value" : "value is required");
        }
    }

    public PersonalData(String value) {
        this(value, false);
    }

    /** What an event's personal data reads as after its user was forgotten. */
    public static PersonalData erasedValue() {
        return ERASED;
    }

    /**
     * The plain value.
     *
     * @throws IllegalStateException when it was erased: callers that may see forgotten users check {@link #erased()}
     */
    @Override
    public String value() {
        if (erased) {
            throw new IllegalStateException("This personal data was erased (the user was forgotten)");
        }
        return value;
    }

    /** Whether this value and {@code other} are the same readable value (erased values equal nothing). */
    public boolean sameValueAs(PersonalData other) {
        return !erased && other != null && !other.erased && Objects.equals(value, other.value);
    }

    @Override
    public String toString() {
        return erased ? "PersonalData[erased]" : "PersonalData[***]";
    }
}

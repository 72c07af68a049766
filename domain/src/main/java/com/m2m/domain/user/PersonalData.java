package com.m2m.domain.user;

/**
 * A field value that identifies a person (name, id number, date of birth, account number, id image).
 * Events carry personal data only inside this type, so that it can be encrypted per user (and forgotten)
 * without touching the rest of the history. {@link #toString()} never prints it, so it cannot leak into logs.
 */
public record PersonalData(String value) {

    public PersonalData {
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
    }

    @Override
    public String toString() {
        return "PersonalData[***]";
    }
}

package com.m2m.domain.user;

import java.util.Optional;

/** Every field a user can have, by its public path (docs/api.md "userData"). */
public enum UserField {
    FIRST_NAME("name.firstName", true),
    SECOND_NAME("name.secondName", true),
    LAST_NAME("name.lastName", true),
    SECOND_LAST_NAME("name.secondLastName", true),
    ID_NUMBER("idNumber", true),
    ID_TYPE("idType", true),
    DOB("dob", true),
    PAYMENT_METHOD("paymentMethod", false),
    ID_IMAGE("idImage", false);

    private final String path;
    private final boolean identity;

    UserField(String path, boolean identity) {
        this.path = path;
        this.identity = identity;
    }

    public String path() {
        return path;
    }

    /** Identity fields are what verification checked: changing one of a verified user asks for verification again. */
    public boolean isIdentity() {
        return identity;
    }

    public static Optional<UserField> byPath(String path) {
        for (UserField field : values()) {
            if (field.path.equals(path)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return path;
    }
}

package com.m2m.domain.user;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the {@link User} aggregate's tests (and the handlers' tests that create users) start from. */
public final class UserFixtures {

    public static final String USER_ID = "user_acme_0123456789abcdef0123";

    private UserFixtures() {
    }

    /** A fixture for {@link User} with the sandbox identity verifier its verification uses. */
    public static FixtureConfiguration<User> userFixture() {
        FixtureConfiguration<User> fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(new SandboxIdentityVerifier());
        return fixture;
    }

    /** A complete identity (every default CIP field): Juan Carlos Perez Gomez, passport ABC123456, 1990-01-15. */
    public static Map<UserField, String> identity() {
        return fields(UserField.FIRST_NAME, "Juan", UserField.SECOND_NAME, "Carlos", UserField.LAST_NAME, "Perez",
                UserField.SECOND_LAST_NAME, "Gomez", UserField.ID_NUMBER, "ABC123456", UserField.ID_TYPE, "passport",
                UserField.DOB, "1990-01-15");
    }

    /** A mutable map of fields in field order, from alternating fields and values. */
    public static Map<UserField, String> fields(Object... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields and values must alternate");
        }
        Map<UserField, String> values = new EnumMap<>(UserField.class);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put((UserField) fieldsAndValues[i], (String) fieldsAndValues[i + 1]);
        }
        return values;
    }

    /** A first write of {@code field}: nothing was stored before. */
    public static FieldMergedEvent merged(UserField field, FieldSource source, String value, Instant at) {
        return merged(field, source, value, null, at);
    }

    public static FieldMergedEvent merged(UserField field, FieldSource source, String value, FieldSource previous,
                                          Instant at) {
        return new FieldMergedEvent(USER_ID, field, source, new PersonalData(value), previous, at);
    }

    public static FieldUpdateIgnoredEvent ignored(UserField field, FieldSource source, String value,
                                                  FieldSource stored, Instant at) {
        return new FieldUpdateIgnoredEvent(USER_ID, field, source, new PersonalData(value), stored,
                FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, at);
    }

    public static UserStatusChangedEvent statusChanged(UserStatus from, UserStatus to, List<UserField> missing,
                                                       Instant at) {
        return new UserStatusChangedEvent(USER_ID, from, to, missing, at);
    }
}

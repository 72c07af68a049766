package com.m2m.domain.user;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which fields CIP needs. Partners may be configured with another set; these are the defaults (docs/domain.md "CIP"). */
public final class CipRequirements {

    public static final Set<UserField> DEFAULT_REQUIRED = EnumSet.of(
            UserField.FIRST_NAME, UserField.SECOND_NAME, UserField.LAST_NAME, UserField.SECOND_LAST_NAME,
            UserField.ID_NUMBER, UserField.ID_TYPE, UserField.DOB);

    private CipRequirements() {
    }

    public static List<String> defaultRequiredPaths() {
        return DEFAULT_REQUIRED.stream().map(UserField::path).toList();
    }

    /** @throws IllegalArgumentException for a path that is not a user field */
    public static Set<UserField> fromPaths(Collection<String> paths) {
        EnumSet<UserField> fields = EnumSet.noneOf(UserField.class);
        for (String path : paths) {
            fields.add(UserField.byPath(path).orElseThrow(
                    () -> new IllegalArgumentException("Unknown user field " + path)));
        }
        return fields;
    }
}

package com.m2m.domain.user;

import java.util.Map;

/** The identity fields a verification provider checks, as they were when verification was decided. */
public record IdentitySnapshot(Map<UserField, String> values) {

    public IdentitySnapshot {
        values = Map.copyOf(values);
    }

    public String get(UserField field) {
        return values.get(field);
    }

    @Override
    public String toString() {
        return "IdentitySnapshot" + values.keySet();
    }
}

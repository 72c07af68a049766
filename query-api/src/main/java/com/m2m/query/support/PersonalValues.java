package com.m2m.query.support;

import com.m2m.domain.staff.StaffActor;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserField;
import com.m2m.query.user.UserViewProjection;

import java.util.Map;

/**
 * How support answers show a personal value: the widget's mask ({@code J***}, {@code ****RL09},
 * {@code ****-**-15}, ...) unless the token has the {@code PII} role, then the value itself (and the read is
 * audited by the controller). Values are read only through {@link PersonalData}'s own accessor.
 */
final class PersonalValues {

    /** What every view shows for a value whose key was deleted ("forget user"). */
    static final Map<String, Boolean> ERASED = Map.of("erased", true);

    private final boolean unmasked;

    PersonalValues(StaffActor actor) {
        this.unmasked = actor.mayReadPersonalData();
    }

    boolean unmasked() {
        return unmasked;
    }

    /** The value as support sees it: a string, or {@code {"erased": true}} once the user was forgotten. */
    Object show(UserField field, PersonalData value) {
        if (value == null) {
            return null;
        }
        if (value.erased()) {
            return ERASED;
        }
        return unmasked ? value.value() : UserViewProjection.widgetMask(field, value);
    }
}

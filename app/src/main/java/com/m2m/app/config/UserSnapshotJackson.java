package com.m2m.app.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserField;

import java.util.EnumMap;
import java.util.Map;

/**
 * How a snapshot of the {@link User} aggregate is written (Jackson mix-in, so the domain stays free of Jackson): its
 * fields as they are, never its accessor methods, and its field map as the {@link EnumMap} the aggregate iterates
 * in field order. Personal data in it is encrypted like the events' (see the app's {@code PersonalDataSerializer}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE,
        creatorVisibility = Visibility.NONE)
abstract class UserSnapshotJackson {

    @JsonDeserialize(as = EnumMap.class, keyAs = UserField.class, contentAs = User.StoredField.class)
    private Map<UserField, User.StoredField> fields;
}

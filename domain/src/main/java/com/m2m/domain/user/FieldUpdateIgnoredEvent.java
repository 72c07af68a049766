package com.m2m.domain.user;

import java.time.Instant;

/**
 * A write lost to precedence: {@code storedSource} outranks {@code source}, so the stored value stays. Recorded so
 * that support can see every attempt on a field, who won and why.
 */
public record FieldUpdateIgnoredEvent(String userId, UserField field, FieldSource source, PersonalData attemptedValue,
                                      FieldSource storedSource, String reason, Instant at)
        implements PersonalDataOwner {

    public static final String LOWER_PRIORITY_SOURCE = "lower_priority_source";
}

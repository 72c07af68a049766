package com.m2m.domain.user;

import java.time.Instant;

/** A field was written: {@code value} replaced whatever {@code previousSource} (null when none) had set. */
public record FieldMergedEvent(String userId, UserField field, FieldSource source, PersonalData value,
                               FieldSource previousSource, Instant at)
        implements PersonalDataOwner {
}

package com.m2m.domain.testing;

import com.m2m.domain.common.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way a bad value is refused: a {@link ValidationException} that names the field or parameter. */
public final class ValidationRefusals {

    private ValidationRefusals() {
    }

    public static void assertRefusedNaming(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}

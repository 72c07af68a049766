package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way the validation rules refuse a value: a {@link ValidationException} naming the field. */
final class ValidationAssertions {

    private ValidationAssertions() {
    }

    static void assertRejected(ThrowingCallable validation, String field) {
        assertThatThrownBy(validation).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    static void assertRejected(ThrowingCallable validation, String field, String message) {
        assertThatThrownBy(validation).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}

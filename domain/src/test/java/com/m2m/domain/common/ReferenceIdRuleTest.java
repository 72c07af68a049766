package com.m2m.domain.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The referenceId format and its one message, as every route that takes a referenceId answers it. */
class ReferenceIdRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"u", "user_12345", "A-Z.a:z_0-9"})
    void wellFormedReferenceIdsPass(String referenceId) {
        assertThat(Identifiers.isReferenceId(referenceId)).isTrue();
        assertThat(Identifiers.requireReferenceId("referenceId", referenceId)).isEqualTo(referenceId);
    }

    @Test
    void theLongestAllowedIs128Characters() {
        assertThat(Identifiers.isReferenceId("a".repeat(128))).isTrue();
        assertThat(Identifiers.isReferenceId("a".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/inside", "ñ", "semi;colon"})
    void anythingElseIsRefusedWithTheOneMessageNamingTheField(String referenceId) {
        assertThat(Identifiers.isReferenceId(referenceId)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireReferenceId("referenceId", referenceId))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("referenceId");
                    assertThat(e.getMessage()).isEqualTo("The referenceId field must be 1 to 128 characters of"
                            + " A-Z, a-z, 0-9, '_', '.', ':' or '-'");
                });
    }

    @Test
    void nullIsRefusedAndTheMessageNamesTheFieldItCameIn() {
        assertThat(Identifiers.isReferenceId(null)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireReferenceId("filter", null))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("filter");
                    assertThat(e.getMessage()).startsWith("The filter field must be 1 to 128 characters");
                });
    }
}

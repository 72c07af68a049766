package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountryTest {

    @ParameterizedTest
    @ValueSource(strings = {"MX", "US", "GT", "ES", "CA", "DE"})
    void acceptsIsoAlpha2(String code) {
        assertThat(Country.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"mx", "Mx", "MEX", "M", "XX", "ZZ", "UK", "12", " MX"})
    void rejectsOthers(String code) {
        assertThat(Country.isValid(code)).isFalse();
    }

    @Test
    void validateNamesTheField() {
        assertThatThrownBy(() -> Country.validate("userData.paymentMethod.bankAccount.country", "MEX"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("userData.paymentMethod.bankAccount.country"));
    }
}

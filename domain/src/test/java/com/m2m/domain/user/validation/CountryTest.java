package com.m2m.domain.user.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

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
        String field = "userData.paymentMethod.bankAccount.country";
        assertRejected(() -> Country.validate(field, "MEX"), field);
    }
}

package com.m2m.domain.user.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class ClabeTest {

    @ParameterizedTest
    @ValueSource(strings = {"014027000005555558", "012180999999999995", "002010077777777771", "032180000118359719",
            "000000000000000000"})
    void acceptsCorrectCheckDigit(String clabe) {
        assertThat(Clabe.isValid(clabe)).isTrue();
        assertThat(Clabe.validate("f", clabe)).isEqualTo(clabe);
    }

    @Test
    void seedExampleHasAWrongCheckDigit() {
        // The partner docs' example: weighted sum calls for check digit 2, the example ends in 3.
        assertThat(Clabe.isValid("098765432109876543")).isFalse();
        assertThat(Clabe.isValid("098765432109876542")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"014027000005555557", "014027000005555559", "012180999999999990", "104027000005555558"})
    void rejectsWrongCheckDigit(String clabe) {
        assertThat(Clabe.isValid(clabe)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"01402700000555555", "0140270000055555580", "01402700000555555A", "014027 00005555558",
            "01402700000555555８", "٠١٤٠٢٧٠٠٠٠٠٥٥٥٥٥٥٨", "+14027000005555558", "-14027000005555558"})
    void rejectsWrongLengthOrNonDigits(String clabe) {
        assertThat(Clabe.isValid(clabe)).isFalse();
    }

    @Test
    void validateNamesTheField() {
        String field = "userData.paymentMethod.bankAccount.accountNumber";
        assertRejected(() -> Clabe.validate(field, "123"), field,
                "The " + field + " field must be an 18-digit CLABE with a valid check digit");
    }
}

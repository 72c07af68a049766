package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> Clabe.validate("userData.paymentMethod.bankAccount.accountNumber", "123"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("userData.paymentMethod.bankAccount.accountNumber");
                    assertThat(e.getMessage()).isEqualTo("The userData.paymentMethod.bankAccount.accountNumber field "
                            + "must be an 18-digit CLABE with a valid check digit");
                });
    }
}

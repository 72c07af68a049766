package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"CURP", "INE", "PASSPORT", "SSN", "ITIN", "MATRICULA_CONSULAR"})
    void acceptsKnownTypes(String type) {
        assertThat(IdTypes.isValidType(type)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"curp", "Passport", "DRIVER_LICENSE", "RFC", "MATRICULA CONSULAR", " CURP"})
    void rejectsOtherTypes(String type) {
        assertThat(IdTypes.isValidType(type)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "CURP, GAPA900515HDFRRL09",
            "SSN, 123456789",
            "ITIN, 912701234",
            "INE, IDMEX1234567890",
            "PASSPORT, G12345678",
            "MATRICULA_CONSULAR, MC-2024-0001",
            ", GALO900515",          // the partner docs' example: no idType
            ", ABCD",
            "PASSPORT, 1234567890123456789012345678901234567890"})
    void acceptsNumbersFittingTheType(String type, String number) {
        assertThat(IdTypes.isValidNumber(type, number)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "CURP, GALO900515",
            "CURP, gapa900515hdfrrl09",
            "SSN, 123-45-6789",
            "SSN, 12345678",
            "SSN, 1234567890",
            "ITIN, 9127O1234",
            "INE, ABC",
            "PASSPORT, 12345678901234567890123456789012345678901",
            "PASSPORT, G123 45678",
            "MATRICULA_CONSULAR, MC_2024",
            ", ÁBCD1234",
            ", ABC"})
    void rejectsNumbersNotFittingTheType(String type, String number) {
        assertThat(IdTypes.isValidNumber(type, number)).isFalse();
    }

    @Test
    void nullNumberIsInvalid() {
        assertThat(IdTypes.isValidNumber("CURP", null)).isFalse();
        assertThat(IdTypes.isValidNumber(null, null)).isFalse();
    }

    @Test
    void validateNamesTheFieldAndTheRule() {
        assertThatThrownBy(() -> IdTypes.validateType("userData.idType", "RFC"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("userData.idType");
                    assertThat(e.getMessage()).contains("CURP, INE, PASSPORT, SSN, ITIN, MATRICULA_CONSULAR");
                });
        assertRejected(() -> IdTypes.validateNumber("userData.idNumber", "SSN", "123-45-6789"), "userData.idNumber",
                "The userData.idNumber field must be exactly 9 digits when idType is SSN");
        assertThat(IdTypes.validateNumber("userData.idNumber", "CURP", "GAPA900515HDFRRL09")).isEqualTo("GAPA900515HDFRRL09");
    }
}

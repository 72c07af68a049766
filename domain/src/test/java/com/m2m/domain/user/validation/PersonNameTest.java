package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"Juan", "Pérez", "García", "Núñez", "Иван", "Пётр", "O'Brien", "Jean-Luc", "St. John",
            "María José", "李", "José" /* e + combining acute */, "d'Artagnan", "A"})
    void acceptsLettersOfAnyScriptAndPunctuation(String name) {
        assertThat(PersonName.isValid(name)).isTrue();
        assertThat(PersonName.isValidOptional(name)).isTrue();
    }

    @Test
    void acceptsExactlySixtyCharacters() {
        assertThat(PersonName.isValid("a".repeat(60))).isTrue();
        assertThat(PersonName.isValid("é".repeat(60))).isTrue();
    }

    @Test
    void rejectsSixtyOneCharacters() {
        assertThat(PersonName.isValid("a".repeat(61))).isFalse();
        assertThat(PersonName.isValidOptional("a".repeat(61))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Juan2", "R2D2", "123", "Juan_Carlos", "Ana@", "Ana!", "Ana\tMaria", "Juan,", "'", "-",
            "...", " ", "\u0301", "😀", "Ana😀"})
    void rejectsDigitsSymbolsAndLetterlessValues(String name) {
        assertThat(PersonName.isValid(name)).isFalse();
    }

    @Test
    void emptyStringOnlyWhereItMeansNone() {
        assertThat(PersonName.isValid("")).isFalse();
        assertThat(PersonName.isValidOptional("")).isTrue();
        assertThat(PersonName.isValidOptional(null)).isFalse();
        assertThat(PersonName.isValidOptional(" ")).isFalse();
        assertThat(PersonName.validate("userData.name.secondName", "", true)).isEmpty();
    }

    @Test
    void validateNamesTheField() {
        assertThatThrownBy(() -> PersonName.validate("userData.name.firstName", "", false))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("userData.name.firstName");
                    assertThat(e.getMessage()).startsWith("The userData.name.firstName field must be 1 to 60 letters");
                });
    }
}

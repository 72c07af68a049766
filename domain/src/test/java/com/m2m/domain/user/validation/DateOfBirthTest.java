package com.m2m.domain.user.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class DateOfBirthTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-10T00:00:00Z"), ZoneOffset.UTC);
    private static final String FIELD = "userData.dob";

    @ParameterizedTest
    @ValueSource(strings = {"1990-05-15", "2000-02-29", "1900-01-01", "2008-02-10", "1970-12-31"})
    void acceptsAdults(String dob) {
        assertThat(DateOfBirth.isValid(dob, CLOCK)).isTrue();
        assertThat(DateOfBirth.validate(FIELD, dob, CLOCK)).isEqualTo(LocalDate.parse(dob));
    }

    @Test
    void exactlyEighteenTodayIsOldEnough() {
        assertThat(DateOfBirth.validate(FIELD, "2008-02-10", CLOCK)).isEqualTo(LocalDate.of(2008, 2, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2008-02-11", "2009-01-01", "2020-06-30", "2026-02-09"})
    void rejectsUnderEighteen(String dob) {
        assertRejected(() -> DateOfBirth.validate(FIELD, dob, CLOCK), FIELD,
                "The userData.dob field: the user must be at least 18 years old");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-10", "2026-02-11", "2030-01-01"})
    void rejectsTodayAndFuture(String dob) {
        assertNotARealPastDate(dob);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"2023-02-30", "2001-02-29", "1990-04-31", "1990-13-01", "1990-00-10", "1990-01-00",
            "1990-5-15", "90-05-15", "15/05/1990", "1990/05/15", "1990-05-15T00:00", "+1990-05-15", " 1990-05-15",
            "1990-05-1５", "19900515", "abcd-ef-gh"})
    void rejectsMalformedOrUnrealDates(String dob) {
        assertNotARealPastDate(dob);
    }

    @Test
    void rejectsBefore1900() {
        assertRejected(() -> DateOfBirth.validate(FIELD, "1899-12-31", CLOCK), FIELD,
                "The userData.dob field must not be before 1900-01-01");
        assertThat(DateOfBirth.isValid("1899-01-01", CLOCK)).isFalse();
    }

    @Test
    void todayIsTakenInTheClocksZone() {
        // 2026-02-10T00:00Z is still 2026-02-09 in Mexico City: someone born 2008-02-10 is 17 there.
        Clock mexico = Clock.fixed(Instant.parse("2026-02-10T00:00:00Z"), ZoneId.of("America/Mexico_City"));
        assertThat(DateOfBirth.isValid("2008-02-10", mexico)).isFalse();
        assertThat(DateOfBirth.isValid("2008-02-09", mexico)).isTrue();
    }

    private static void assertNotARealPastDate(String dob) {
        assertThat(DateOfBirth.isValid(dob, CLOCK)).isFalse();
        assertRejected(() -> DateOfBirth.validate(FIELD, dob, CLOCK), FIELD,
                "The userData.dob field must be a real date in the past (YYYY-MM-DD)");
    }
}

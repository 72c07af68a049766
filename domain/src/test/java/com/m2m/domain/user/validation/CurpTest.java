package com.m2m.domain.user.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class CurpTest {

    @ParameterizedTest
    @ValueSource(strings = {"GAPA900515HDFRRL09", "BADD110313HCMLNS09", "HEGG560427MVZRRL05", "XEXX010101XNEXXXA4",
            "PEPJ001231MJCRRN01"})
    void acceptsWellFormed(String curp) {
        assertThat(Curp.isValid(curp)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "gapa900515hdfrrl09",   // lowercase
            "GAPA900515HDFRRL0",    // 17 chars
            "GAPA900515HDFRRL090",  // 19 chars
            "GBPA900515HDFRRL09",   // second letter not a vowel/X
            "GAPA901315HDFRRL09",   // month 13
            "GAPA900500HDFRRL09",   // day 00
            "GAPA900532HDFRRL09",   // day 32
            "GAPA900515ZDFRRL09",   // sex Z
            "GAPA900515HZZRRL09",   // unknown state
            "GAPA900515HDFARL09",   // vowel among the consonants
            "GAPA900515HDFRRL0A",   // last char not a digit
            "GAPA900515HDFRRL-9",
            "GAPA900515HDFRRL09 "})
    void rejectsMalformed(String curp) {
        assertThat(Curp.isValid(curp)).isFalse();
    }

    @Test
    void validateNamesTheField() {
        assertRejected(() -> Curp.validate("userData.idNumber", "X"), "userData.idNumber");
    }
}

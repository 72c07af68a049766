package com.m2m.domain.user.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;

import static com.m2m.domain.user.validation.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class IdImageTest {

    private static final String FIELD = "userData.idImage";
    private static final String PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    @Test
    void acceptsPngAndJpeg() {
        assertThat(IdImage.isValid("data:image/png;base64," + PNG_1PX)).isTrue();
        assertThat(IdImage.isValid("data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==")).isTrue();
        assertThat(IdImage.validate(FIELD, "data:image/png;base64,AA==")).isEqualTo("data:image/png;base64,AA==");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data:image/jpg;base64,AAAA",
            "data:image/PNG;base64,AAAA", "data:image/webp;base64,AAAA", "data:text/plain;base64,AAAA",
            "data:image/png,AAAA", "data:image/png;charset=utf-8;base64,AAAA", "image/png;base64,AAAA",
            "https://example.com/id.png", "iVBORw0KGgo="})
    void rejectsOtherFormats(String uri) {
        assertRejected(() -> IdImage.validate(FIELD, uri), FIELD,
                "The userData.idImage field must be a data:image/jpeg or data:image/png base64 URI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "A", "A===", "AA==AA==", "AA\nAA==", "_-_-", "AA AA==="})
    void rejectsInvalidBase64(String payload) {
        assertRejected(() -> IdImage.validate(FIELD, "data:image/png;base64," + payload), FIELD,
                "The userData.idImage field must carry valid base64 data");
    }

    @Test
    void acceptsUnpaddedBase64AsTheBasicDecoderDoes() {
        assertThat(IdImage.isValid("data:image/png;base64,AAA")).isTrue();
    }

    @Test
    void rejectsEmptyPayload() {
        assertThat(IdImage.isValid("data:image/png;base64,")).isFalse();
    }

    @Test
    void acceptsExactlyFiveMebibytes() {
        String payload = Base64.getEncoder().encodeToString(new byte[5 * 1024 * 1024]);
        assertThat(IdImage.isValid("data:image/jpeg;base64," + payload)).isTrue();
    }

    @Test
    void rejectsOverFiveMebibytes() {
        for (int size : new int[] {5 * 1024 * 1024 + 1, 5 * 1024 * 1024 + 2, 5 * 1024 * 1024 + 3, 6 * 1024 * 1024}) {
            String payload = Base64.getEncoder().encodeToString(new byte[size]);
            assertRejected(() -> IdImage.validate(FIELD, "data:image/jpeg;base64," + payload), FIELD,
                "The userData.idImage field must be at most 5 MiB once decoded");
        }
    }
}

package com.m2m.domain.link;

import com.m2m.domain.user.UserStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class WidgetStepTest {

    @ParameterizedTest
    @EnumSource(UserStatus.class)
    void aDoneLinkIsDoneWhateverTheUser(UserStatus status) {
        assertThat(WidgetStep.next(true, status, true, false)).isEqualTo(WidgetStep.DONE);
    }

    @Test
    void missingFieldsOrNoPaymentMethodAskForDetailsEvenWhenVerified() {
        assertThat(WidgetStep.next(false, UserStatus.CIP_VERIFIED, true, true)).isEqualTo(WidgetStep.DETAILS);
        assertThat(WidgetStep.next(false, UserStatus.CIP_VERIFIED, false, false)).isEqualTo(WidgetStep.DETAILS);
    }

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = "CIP_VERIFIED", mode = EnumSource.Mode.EXCLUDE)
    void aCompleteButUnverifiedUserVerifies(UserStatus status) {
        assertThat(WidgetStep.next(false, status, false, true)).isEqualTo(WidgetStep.VERIFY);
    }

    @Test
    void aCompleteVerifiedUserSends() {
        assertThat(WidgetStep.next(false, UserStatus.CIP_VERIFIED, false, true)).isEqualTo(WidgetStep.SEND);
    }

    @Test
    void wireNamesAreTheWidgetApis() {
        assertThat(WidgetStep.values()).extracting(WidgetStep::wireName)
                .containsExactly("details", "verify", "send", "done");
    }
}

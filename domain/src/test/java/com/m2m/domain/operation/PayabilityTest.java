package com.m2m.domain.operation;

import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.UserStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayabilityTest {

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = "CIP_VERIFIED", mode = EnumSource.Mode.EXCLUDE)
    void anUnverifiedUserCannotBePaid(UserStatus status) {
        assertThatThrownBy(() -> Payability.currencyConflict(status, PaymentMethod.CASH, null, "MXN"))
                .isInstanceOf(InvalidStateException.class)
                .hasMessage("Identity verification is required before sending money");
    }

    @Test
    void aVerifiedUserWithoutPaymentMethodCannotBePaid() {
        assertThatThrownBy(() -> Payability.currencyConflict(UserStatus.CIP_VERIFIED, null, null, "MXN"))
                .isInstanceOf(InvalidStateException.class)
                .hasMessage("A payment method is required");
    }

    @Test
    void aBankAccountIsPaidOnlyInItsCountrysCurrency() {
        assertThat(Payability.currencyConflict(UserStatus.CIP_VERIFIED, PaymentMethod.BANK_ACCOUNT, "MX", "MXN"))
                .isEmpty();
        assertThat(Payability.currencyConflict(UserStatus.CIP_VERIFIED, PaymentMethod.BANK_ACCOUNT, "MX", "COP"))
                .contains("MXN");
    }

    @Test
    void cashIsPaidInAnyQuotedCurrency() {
        assertThat(Payability.currencyConflict(UserStatus.CIP_VERIFIED, PaymentMethod.CASH, null, "COP")).isEmpty();
    }
}

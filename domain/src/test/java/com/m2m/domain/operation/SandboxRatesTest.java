package com.m2m.domain.operation;

import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox quote table (docs/domain.md "Operations"; docs/api.md: {@code receive = round(send × rate, 2)}). */
class SandboxRatesTest {

    @Test
    void oneHundredDollarsToMexicoAt1725() {
        assertThat(SandboxRates.quote(new BigDecimal("100.00"), "MXN")).isEqualTo(new OperationAmount(
                new BigDecimal("100.00"), new BigDecimal("1725.00"), new BigDecimal("17.25"),
                new BigDecimal("3.99"), "USD", "MXN"));
    }

    @ParameterizedTest
    @CsvSource({
            "100,     MXN, 100.00,  1725.00,    17.25,   3.99",
            "1.00,    MXN, 1.00,    17.25,      17.25,   3.99",
            "2999.00, MXN, 2999.00, 51732.75,   17.25,   3.99",
            "12.34,   MXN, 12.34,   212.87,     17.25,   3.99",
            "100.00,  GTQ, 100.00,  775.00,     7.75,    2.99",
            "10.01,   GTQ, 10.01,   77.58,      7.75,    2.99",
            "100.00,  COP, 100.00,  395000.00,  3950.00, 4.99",
            "0.5E+2,  COP, 50.00,   197500.00,  3950.00, 4.99"})
    void eachCorridorQuotesItsRateAndFeeWithReceiveRoundedHalfUpToCents(String send, String currency,
                                                                           String sent, String receive, String rate,
                                                                           String fee) {
        OperationAmount amount = SandboxRates.quote(new BigDecimal(send), currency);

        assertThat(amount.send()).isEqualTo(new BigDecimal(sent));
        assertThat(amount.receive()).isEqualTo(new BigDecimal(receive));
        assertThat(amount.rate()).isEqualTo(new BigDecimal(rate));
        assertThat(amount.fee()).isEqualTo(new BigDecimal(fee));
        assertThat(amount.sourceCurrency()).isEqualTo("USD");
        assertThat(amount.destinationCurrency()).isEqualTo(currency);
        assertThat(amount.send().scale()).isEqualTo(2);
        assertThat(amount.receive().scale()).isEqualTo(2);
        assertThat(amount.fee().scale()).isEqualTo(2);
    }

    @Test
    void halfACentIsRoundedUp() {
        // 0.03 × 17.25 = 0.5175 → 0.52; 1.01 × 7.75 = 7.8275 → 7.83
        assertThat(SandboxRates.quote(new BigDecimal("1.01"), "GTQ").receive()).isEqualTo(new BigDecimal("7.83"));
        assertThat(SandboxRates.quote(new BigDecimal("1.03"), "MXN").receive()).isEqualTo(new BigDecimal("17.77"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.99", "0", "-1.00", "2999.01", "3000", "100.001", "100.000", "1.005"})
    void amountsOutsideTheLimitsOrWithMoreThanTwoDecimalsAreRefused(String send) {
        assertThatThrownBy(() -> SandboxRates.quote(new BigDecimal(send), "MXN"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("send"))
                .hasMessage("The send field must be an amount from 1.00 to 2999.00 USD");
    }

    @Test
    void aMissingAmountIsRefused() {
        assertRefusedNaming("send", () -> SandboxRates.quote(null, "MXN"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"USD", "EUR", "mxn", ""})
    void anUnknownDestinationIsRefused(String currency) {
        assertThatThrownBy(() -> SandboxRates.quote(new BigDecimal("100.00"), currency))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("destinationCurrency"))
                .hasMessage("The destinationCurrency field must be one of: COP, GTQ, MXN");
    }

    @Test
    void theAmountIsCheckedBeforeTheCurrency() {
        assertRefusedNaming("send", () -> SandboxRates.quote(new BigDecimal("0.50"), "EUR"));
    }

    @ParameterizedTest
    @CsvSource({"MX, MXN", "GT, GTQ", "CO, COP"})
    void aCountryMapsToItsCorridorCurrency(String country, String currency) {
        assertThat(SandboxRates.currencyOf(country)).contains(currency);
    }

    @Test
    void anotherCountryHasNoCorridor() {
        assertThat(SandboxRates.currencyOf("US")).isEmpty();
        assertThat(SandboxRates.currencyOf("mx")).isEmpty();
        assertThat(SandboxRates.currencyOf(null)).isEmpty();
    }

    @Test
    void theDestinationsAreTheThreeCorridors() {
        assertThat(SandboxRates.destinationCurrencies()).containsExactlyInAnyOrder("MXN", "GTQ", "COP");
    }
}

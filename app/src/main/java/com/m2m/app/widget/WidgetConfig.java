package com.m2m.app.widget;

import com.m2m.domain.operation.Money;
import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.validation.IdImage;
import com.m2m.domain.user.validation.IdTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables the widget page builds its forms from ({@code GET /widget/api/config}), each taken from the domain
 * class that owns the rule, so the page never carries a copy that could drift (docs/widget.md "Structure").
 *
 * @param idTypes               the identity document types accepted, in the order the picker lists them
 * @param paymentMethodTypes    the payment method types a user may enter
 * @param payoutCountries       the countries a bank account may be in, each with the currency it is paid in
 * @param destinationCurrencies the currencies a quote may pay out in (those of the countries first)
 * @param send                  the amount a user may send, in {@code currency}
 * @param idImageMaxBytes       the largest identity document image accepted
 */
public record WidgetConfig(List<String> idTypes, List<String> paymentMethodTypes,
                           List<PayoutCountry> payoutCountries, List<String> destinationCurrencies, SendLimits send,
                           int idImageMaxBytes) {

    public record PayoutCountry(String country, String currency) {
    }

    public record SendLimits(String currency, BigDecimal min, BigDecimal max) {
    }

    public static WidgetConfig current() {
        List<PayoutCountry> countries = new ArrayList<>();
        SandboxRates.currencyByCountry()
                .forEach((country, currency) -> countries.add(new PayoutCountry(country, currency)));
        Set<String> currencies = new LinkedHashSet<>(SandboxRates.currencyByCountry().values());
        currencies.addAll(new TreeSet<>(SandboxRates.destinationCurrencies()));
        return new WidgetConfig(IdTypes.ALLOWED, List.of(PaymentMethod.BANK_ACCOUNT, PaymentMethod.CASH),
                List.copyOf(countries), List.copyOf(currencies),
                new SendLimits(SandboxRates.SOURCE_CURRENCY, Money.MIN_SEND, Money.MAX_SEND), IdImage.MAX_BYTES);
    }
}

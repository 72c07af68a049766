package com.m2m.domain.operation;

import com.m2m.domain.common.ValidationException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sandbox quotes from a fixed table (docs/domain.md "Operations"): USD to MXN, GTQ or COP at a fixed rate and fee.
 * {@code receive = round(send × rate, 2)}, half up. Pure policy: no state, no time.
 */
public final class SandboxRates {

    public static final String SOURCE_CURRENCY = "USD";

    private static final SortedMap<String, Corridor> CORRIDORS = new TreeMap<>(Map.of(
            "MXN", new Corridor(new BigDecimal("17.25"), new BigDecimal("3.99")),
            "GTQ", new Corridor(new BigDecimal("7.75"), new BigDecimal("2.99")),
            "COP", new Corridor(new BigDecimal("3950.00"), new BigDecimal("4.99"))));

    /** In the order a country picker lists them (Map.of would have none). */
    private static final Map<String, String> CURRENCY_BY_COUNTRY = ordered("MX", "MXN", "GT", "GTQ", "CO", "COP");

    private SandboxRates() {
    }

    /**
     * @param send                what the user sends, in USD: two decimals at most, 1.00..2999.00
     * @param destinationCurrency one of {@link #destinationCurrencies()} (upper case, as the API spells them)
     * @throws ValidationException naming {@code send} or {@code destinationCurrency}
     */
    public static OperationAmount quote(BigDecimal send, String destinationCurrency) {
        if (send == null || send.scale() > 2
                || send.compareTo(Money.MIN_SEND) < 0 || send.compareTo(Money.MAX_SEND) > 0) {
            throw new ValidationException("send", "The send field must be an amount from "
                    + Money.MIN_SEND.toPlainString() + " to " + Money.MAX_SEND.toPlainString() + " " + SOURCE_CURRENCY);
        }
        Corridor corridor = destinationCurrency == null ? null : CORRIDORS.get(destinationCurrency);
        if (corridor == null) {
            throw new ValidationException("destinationCurrency", "The destinationCurrency field must be one of: "
                    + String.join(", ", CORRIDORS.keySet()));
        }
        BigDecimal amount = Money.amount(send);
        BigDecimal receive = amount.multiply(corridor.rate()).setScale(2, RoundingMode.HALF_UP);
        return new OperationAmount(amount, receive, corridor.rate(), corridor.fee(), SOURCE_CURRENCY,
                destinationCurrency);
    }

    /** The destination currency paid out in {@code country} (ISO 3166 alpha-2), if it is a sandbox corridor. */
    public static Optional<String> currencyOf(String country) {
        return Optional.ofNullable(country == null ? null : CURRENCY_BY_COUNTRY.get(country));
    }

    /** The payout countries of bank accounts and the currency each is paid in, Mexico first. */
    public static Map<String, String> currencyByCountry() {
        return CURRENCY_BY_COUNTRY;
    }

    /** The destination currencies quoted. */
    public static Set<String> destinationCurrencies() {
        return Set.copyOf(CORRIDORS.keySet());
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private record Corridor(BigDecimal rate, BigDecimal fee) {
    }
}

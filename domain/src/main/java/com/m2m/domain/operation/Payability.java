package com.m2m.domain.operation;

import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.UserStatus;

import java.util.Optional;

/**
 * "Can this user be paid this quote": the one rule the widget's quote and the operation's confirmation both apply.
 * The user must be {@code cip_verified} and have a payment method; a bank account is paid in its country's
 * currency, so an amount in another destination currency cannot be paid to it.
 */
public final class Payability {

    static final String VERIFICATION_REQUIRED_MESSAGE = "Identity verification is required before sending money";
    static final String PAYMENT_METHOD_REQUIRED_MESSAGE = "A payment method is required";

    private Payability() {
    }

    /**
     * @param paymentMethodType   {@link PaymentMethod#BANK_ACCOUNT}, {@link PaymentMethod#CASH}, or null when the
     *                            user has none
     * @param paymentCountry      the payment method's country (a bank account's), or null
     * @param destinationCurrency the quote's destination currency
     * @return the currency the user's account is paid in when it is not {@code destinationCurrency} (each caller
     *         words that answer for its own request); empty when the user can be paid the quote
     * @throws InvalidStateException the user is not verified, or has no payment method
     */
    public static Optional<String> currencyConflict(UserStatus status, String paymentMethodType,
                                                    String paymentCountry, String destinationCurrency) {
        if (status != UserStatus.CIP_VERIFIED) {
            throw new InvalidStateException(VERIFICATION_REQUIRED_MESSAGE);
        }
        if (paymentMethodType == null) {
            throw new InvalidStateException(PAYMENT_METHOD_REQUIRED_MESSAGE);
        }
        if (!PaymentMethod.BANK_ACCOUNT.equals(paymentMethodType)) {
            return Optional.empty();
        }
        return SandboxRates.currencyOf(paymentCountry).filter(currency -> !currency.equals(destinationCurrency));
    }
}

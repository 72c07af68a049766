package com.m2m.domain.user;

/**
 * Where the user's money goes. Stored as one field ({@code paymentMethod}): a new payment method replaces the
 * old one whole. {@link #encode()} is the canonical form kept inside {@link PersonalData}.
 */
public record PaymentMethod(String type, String country, String accountNumber, String provider, String reference) {

    public static final String BANK_ACCOUNT = "bank_account";
    public static final String CASH = "cash";
    private static final String SEPARATOR = "|";

    public static PaymentMethod bankAccount(String country, String accountNumber) {
        return new PaymentMethod(BANK_ACCOUNT, country, accountNumber, null, null);
    }

    public static PaymentMethod cash(String provider, String reference) {
        return new PaymentMethod(CASH, null, null, provider, reference);
    }

    public String encode() {
        return BANK_ACCOUNT.equals(type)
                ? String.join(SEPARATOR, type, country, accountNumber)
                : String.join(SEPARATOR, type, provider, reference);
    }

    public static PaymentMethod decode(String encoded) {
        String[] parts = encoded.split("\\" + SEPARATOR, 3);
        return BANK_ACCOUNT.equals(parts[0]) ? bankAccount(parts[1], parts[2]) : cash(parts[1], parts[2]);
    }

    /** The last four characters of the account (or cash reference): all a partner or support agent ever sees. */
    public String last4() {
        String number = BANK_ACCOUNT.equals(type) ? accountNumber : reference;
        return number.length() <= 4 ? number : number.substring(number.length() - 4);
    }

    @Override
    public String toString() {
        return "PaymentMethod[" + type + ", ****" + last4() + "]";
    }
}

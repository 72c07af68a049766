package com.m2m.domain.user;

import java.util.List;

/**
 * Answer to {@link FindUserProfileQuery}. {@code paymentMethodType} is null when the user has none; the account
 * appears only as its last four characters.
 */
public record UserProfile(String userId, UserStatus status, List<UserField> missingFields, String paymentMethodType,
                          String paymentCountry, String paymentLast4) {

    public boolean hasPaymentMethod() {
        return paymentMethodType != null;
    }
}

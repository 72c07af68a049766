package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, uppercase, one of {@link Locale#getISOCountries()}. */
public final class Country {

    public static final String MEXICO = "MX";
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private Country() {
    }

    public static boolean isValid(String value) {
        return value != null && value.length() == 2 && CODES.contains(value);
    }

    public static String validate(String field, String value) {
        if (!isValid(value)) {
            throw new ValidationException(field,
                    "The " + field + " field must be an ISO 3166-1 alpha-2 country code (e.g. MX)");
        }
        return value;
    }
}

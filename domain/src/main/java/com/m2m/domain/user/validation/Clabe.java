package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

/**
 * A Mexican CLABE (Clave Bancaria Estandarizada): exactly 18 ASCII digits, the last one a check digit. Each of the
 * first 17 digits is multiplied by its weight (3, 7, 1 repeating), each product taken mod 10, the results summed;
 * the check digit is {@code (10 - sum mod 10) mod 10}.
 */
public final class Clabe {

    public static final int LENGTH = 18;
    private static final int[] WEIGHTS = {3, 7, 1};

    private Clabe() {
    }

    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH || !Chars.isAsciiDigits(value)) {
            return false;
        }
        return checkDigit(value) == value.charAt(LENGTH - 1) - '0';
    }

    /** The check digit the first 17 digits call for. {@code first17} must start with 17 ASCII digits. */
    static int checkDigit(String first17) {
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += ((first17.charAt(i) - '0') * WEIGHTS[i % WEIGHTS.length]) % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /** Returns {@code value} when it is a valid CLABE, else throws naming {@code field}. */
    public static String validate(String field, String value) {
        if (!isValid(value)) {
            throw new ValidationException(field,
                    "The " + field + " field must be an 18-digit CLABE with a valid check digit");
        }
        return value;
    }
}

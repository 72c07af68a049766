package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.util.regex.Pattern;

/**
 * A Mexican CURP (Clave Única de Registro de Población): 18 uppercase characters — four letters from the name,
 * birth date {@code YYMMDD}, sex ({@code H}, {@code M} or {@code X}), the state code (or {@code NE} for born
 * abroad), three internal consonants, a homonym character and a check digit. Only the format is checked, not
 * the check digit.
 */
public final class Curp {

    private static final Pattern FORMAT = Pattern.compile(
            "^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]"
                    + "(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)"
                    + "[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$");

    private Curp() {
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** Returns {@code value} when it is a well-formed CURP, else throws naming {@code field}. */
    public static String validate(String field, String value) {
        if (!isValid(value)) {
            throw new ValidationException(field, "The " + field + " field must be an 18-character CURP");
        }
        return value;
    }
}

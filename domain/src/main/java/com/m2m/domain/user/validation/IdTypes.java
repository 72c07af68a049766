package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The identity documents a user may give ({@code idType}) and the shape of the matching {@code idNumber}:
 * a {@code CURP} must be a well-formed CURP, an {@code SSN} or {@code ITIN} exactly 9 digits (no dashes), and any
 * other type — or an {@code idNumber} sent without an {@code idType} — 4..40 characters of {@code [A-Za-z0-9-]}.
 */
public final class IdTypes {

    /** The types whose number has a shape of its own; every other allowed type takes the generic one. */
    public static final String CURP = "CURP";
    public static final String SSN = "SSN";
    public static final String ITIN = "ITIN";
    public static final List<String> ALLOWED = List.of(CURP, "INE", "PASSPORT", SSN, ITIN, "MATRICULA_CONSULAR");

    private static final Pattern GENERIC_NUMBER = Pattern.compile("^[A-Za-z0-9-]{4,40}$");

    private IdTypes() {
    }

    /** Exactly one of {@link #ALLOWED}, uppercase. */
    public static boolean isValidType(String idType) {
        return idType != null && ALLOWED.contains(idType);
    }

    /** Whether {@code idNumber} fits {@code idType} ({@code null} when the request sends no idType). */
    public static boolean isValidNumber(String idType, String idNumber) {
        if (idNumber == null) {
            return false;
        }
        if (CURP.equals(idType)) {
            return Curp.isValid(idNumber);
        }
        if (SSN.equals(idType) || ITIN.equals(idType)) {
            return idNumber.length() == 9 && Chars.isAsciiDigits(idNumber);
        }
        return GENERIC_NUMBER.matcher(idNumber).matches();
    }

    public static String validateType(String field, String idType) {
        if (!isValidType(idType)) {
            throw new ValidationException(field, "The " + field + " field must be one of " + String.join(", ", ALLOWED));
        }
        return idType;
    }

    public static String validateNumber(String field, String idType, String idNumber) {
        if (!isValidNumber(idType, idNumber)) {
            String expected;
            if (CURP.equals(idType)) {
                expected = "an 18-character CURP when idType is CURP";
            } else if (SSN.equals(idType) || ITIN.equals(idType)) {
                expected = "exactly 9 digits when idType is " + idType;
            } else {
                expected = "4 to 40 letters, digits or hyphens";
            }
            throw new ValidationException(field, "The " + field + " field must be " + expected);
        }
        return idNumber;
    }
}

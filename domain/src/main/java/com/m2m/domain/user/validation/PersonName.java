package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.util.regex.Pattern;

/**
 * A name part ({@code firstName}, {@code lastName}, …): 1..60 characters (code points) of letters in any script,
 * combining marks, spaces, {@code '}, {@code -} and {@code .}, with at least one letter. {@code secondName} and
 * {@code secondLastName} may instead be {@code ""}, which records "the person has none".
 */
public final class PersonName {

    public static final int MAX_LENGTH = 60;
    private static final Pattern ALLOWED = Pattern.compile("^[\\p{L}\\p{M} '\\-.]+$");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private PersonName() {
    }

    /** A required name part: never empty. */
    public static boolean isValid(String value) {
        return value != null
                && !value.isEmpty()
                && Chars.length(value) <= MAX_LENGTH
                && ALLOWED.matcher(value).matches()
                && LETTER.matcher(value).find();
    }

    /** A name part that may be {@code ""} ("has none"): {@code secondName}, {@code secondLastName}. */
    public static boolean isValidOptional(String value) {
        return "".equals(value) || isValid(value);
    }

    /** Returns {@code value} when it is a valid name part ({@code ""} allowed when {@code mayBeEmpty}). */
    public static String validate(String field, String value, boolean mayBeEmpty) {
        if (!(mayBeEmpty ? isValidOptional(value) : isValid(value))) {
            throw new ValidationException(field, "The " + field + " field must be 1 to " + MAX_LENGTH
                    + " letters, spaces, apostrophes, hyphens or periods"
                    + (mayBeEmpty ? " (or \"\" when the person has none)" : ""));
        }
        return value;
    }
}

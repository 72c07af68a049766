package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A date of birth: {@code YYYY-MM-DD}, a real calendar date, strictly before today, not before 1900-01-01, and
 * the person at least {@value #MINIMUM_AGE} years old today. "Today" is the date of the given {@link Clock} in
 * the clock's zone; someone born on this day 18 years ago is old enough.
 */
public final class DateOfBirth {

    public static final int MINIMUM_AGE = 18;
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final Pattern SHAPE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private DateOfBirth() {
    }

    /** The date when {@code value} is a real {@code YYYY-MM-DD} calendar date (no other check). */
    public static Optional<LocalDate> parse(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value, FORMAT));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isValid(String value, Clock clock) {
        try {
            validate("dob", value, clock);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    /** Returns the date when {@code value} is a valid date of birth, else throws naming {@code field}. */
    public static LocalDate validate(String field, String value, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        LocalDate dob = parse(value)
                .filter(date -> date.isBefore(today))
                .orElseThrow(() -> new ValidationException(field,
                        "The " + field + " field must be a real date in the past (YYYY-MM-DD)"));
        if (dob.isBefore(EARLIEST)) {
            throw new ValidationException(field, "The " + field + " field must not be before " + EARLIEST);
        }
        if (dob.plusYears(MINIMUM_AGE).isAfter(today)) {
            throw new ValidationException(field,
                    "The " + field + " field: the user must be at least " + MINIMUM_AGE + " years old");
        }
        return dob;
    }
}

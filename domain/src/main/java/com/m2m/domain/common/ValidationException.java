package com.m2m.domain.common;

/**
 * An invalid request: answered 400 {@code INVALID_REQUEST} naming {@link #field()} (a JSON path such as
 * {@code userData.dob}, or null when the problem is the request as a whole).
 */
public class ValidationException extends RuntimeException {

    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same problem, reported under a parent path ({@code dob} inside {@code userData} → {@code userData.dob}). */
    public ValidationException under(String parent) {
        return new ValidationException(field == null ? parent : parent + "." + field, getMessage());
    }
}

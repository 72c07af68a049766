package com.m2m.webhook.common;

import com.m2m.domain.common.ValidationException;

import java.util.Collection;
import java.util.Optional;

/**
 * Parsing of raw query-string parameters, with query-api's messages. Controllers take parameters as strings so a
 * bad value is answered 400 naming the parameter ({@link ValidationException}) rather than by Spring's type
 * conversion error. A null or blank value means "absent".
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    public static int page(String value) {
        if (isAbsent(value)) {
            return PageRequest.DEFAULT_PAGE;
        }
        Integer page = integer(value);
        if (page == null || page < 1) {
            throw new ValidationException("page", "The page field must be an integer greater than or equal to 1");
        }
        return page;
    }

    public static int limit(String value) {
        if (isAbsent(value)) {
            return PageRequest.DEFAULT_LIMIT;
        }
        Integer limit = integer(value);
        if (limit == null || limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new ValidationException("limit",
                    "The limit field must be an integer between 1 and " + PageRequest.MAX_LIMIT);
        }
        return limit;
    }

    /** @throws ValidationException "The {field} field must be one of: a, b, c" */
    public static Optional<String> oneOf(String value, String field, Collection<String> allowed) {
        if (isAbsent(value)) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (!allowed.contains(trimmed)) {
            throw new ValidationException(field, "The " + field + " field must be one of: " + String.join(", ", allowed));
        }
        return Optional.of(trimmed);
    }

    private static Integer integer(String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

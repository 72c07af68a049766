package com.m2m.domain.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parsing of raw query-string parameters. Controllers take every parameter as a String so that a bad value is
 * answered 400 {@code INVALID_REQUEST} naming the parameter ({@link ValidationException}) rather than by Spring's
 * type conversion error. A null or blank value means "absent".
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

    /** A lower time bound, inclusive: a date ({@code 2026-02-10}) is the start of that UTC day. */
    public static Optional<Instant> from(String value, String field) {
        return bound(value, field, date -> date.atStartOfDay(ZoneOffset.UTC).toInstant(), Function.identity());
    }

    /** An upper time bound: a date ({@code 2026-02-10}) includes that whole UTC day; an instant is inclusive. */
    public static Optional<TimeBound> to(String value, String field) {
        return bound(value, field,
                date -> new TimeBound(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), false),
                instant -> new TimeBound(instant, true));
    }

    /** A time bound given as a date or an instant (trimmed), each made into the bound by its own rule. */
    private static <T> Optional<T> bound(String value, String field, Function<LocalDate, T> ofDate,
                                         Function<Instant, T> ofInstant) {
        if (isAbsent(value)) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Optional<LocalDate> date = date(trimmed);
        return Optional.of(date.isPresent() ? ofDate.apply(date.get()) : ofInstant.apply(instant(trimmed, field)));
    }

    /** {@code from} and {@code to} on createdAt, as every list takes them; {@code from} may not be after {@code to}. */
    public record CreatedRange(Instant from, TimeBound to) {
    }

    public static CreatedRange createdRange(String from, String to) {
        Instant fromInstant = from(from, "from").orElse(null);
        TimeBound toBound = to(to, "to").orElse(null);
        checkRange(fromInstant, toBound);
        return new CreatedRange(fromInstant, toBound);
    }

    /** {@code from} may not be after {@code to}. */
    public static void checkRange(Instant from, TimeBound to) {
        if (from != null && to != null && (to.inclusive() ? from.isAfter(to.at()) : !from.isBefore(to.at()))) {
            throw new ValidationException("from", "The from field must not be after the to field");
        }
    }

    /** An optional {@code referenceId} filter, checked against the identifier rules. */
    public static String referenceId(String value) {
        return identifier(value, "referenceId");
    }

    /** An optional identifier filter ({@code referenceId}, {@code linkId}), checked against the identifier rules. */
    public static String identifier(String value, String field) {
        if (isAbsent(value)) {
            return null;
        }
        return Identifiers.requireReferenceId(field, value);
    }

    /** An optional {@code partnerId} filter, trimmed and checked against the partner slug rule. */
    public static String partnerId(String value) {
        return isAbsent(value) ? null : Identifiers.requirePartnerSlug("partnerId", value.trim());
    }

    /** An optional {@code environment} filter: {@code sandbox} or {@code live}. */
    public static Environment environment(String value) {
        return isAbsent(value) ? null : Environment.parse(value.trim(), "environment");
    }

    /**
     * One of {@code allowed} (exact, lowercase wire names).
     *
     * @throws ValidationException "The {field} field must be one of: a, b, c"
     */
    public static Optional<String> oneOf(String value, String field, Collection<String> allowed) {
        if (isAbsent(value)) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (!allowed.contains(trimmed)) {
            throw new ValidationException(field,
                    "The " + field + " field must be one of: " + String.join(", ", allowed));
        }
        return Optional.of(trimmed);
    }

    /**
     * One constant of a {@link WireName} enum, by its exact wire name; the allowed values in the message are the
     * enum's wire names in declaration order.
     *
     * @throws ValidationException "The {field} field must be one of: a, b, c"
     */
    public static <E extends Enum<E> & WireName> Optional<E> oneOf(String value, String field, Class<E> type) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(WireName::wireName).toList();
        return oneOf(value, field, allowed).map(wire -> WireName.fromWire(type, wire).orElseThrow());
    }

    /** An optional filter matched exactly (an id, an actor): trimmed; blank is absent. */
    public static String exact(String value) {
        return isAbsent(value) ? null : value.trim();
    }

    private static Integer integer(String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<LocalDate> date(String value) {
        if (value.length() != 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notAnOffsetDateTime) {
                throw new ValidationException(field, "The " + field
                        + " field must be an ISO-8601 date (2026-02-10) or instant (2026-02-10T14:30:00Z)");
            }
        }
    }
}

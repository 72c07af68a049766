package com.m2m.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.stream.Collectors;

/**
 * Turns Jackson's reading failures into an error that names the problem and, where Jackson knows it, the field,
 * without echoing the client's input or Jackson's internals.
 */
final class UnreadableJson {

    static final String GENERIC = "The request body is missing or is not valid JSON";

    private UnreadableJson() {
    }

    static ApiError describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NumberFormatException) {
                return ApiError.of(ErrorCode.INVALID_REQUEST, "A number in the request body is out of range");
            }
            if (t instanceof StreamConstraintsException) {
                return ApiError.of(ErrorCode.INVALID_REQUEST, "The request body is nested too deeply or has too many"
                        + " or too long values");
            }
            if (t instanceof JsonMappingException mapping) {
                String message = String.valueOf(mapping.getOriginalMessage());
                if (message.startsWith("Trailing token")) {
                    return ApiError.of(ErrorCode.INVALID_REQUEST, "The request body must be one JSON document with"
                            + " nothing after it");
                }
                String field = path(mapping);
                return field == null ? ApiError.of(ErrorCode.INVALID_REQUEST, GENERIC)
                        : ApiError.of(ErrorCode.INVALID_REQUEST, "The " + field + " field is not valid")
                        .withField(field);
            }
            if (t instanceof StreamReadException read) {
                String field = read.getProcessor() != null ? currentName(read.getProcessor()) : null;
                String message = String.valueOf(read.getOriginalMessage());
                if (message.startsWith("Duplicate field") && field != null) {
                    return ApiError.of(ErrorCode.INVALID_REQUEST, "The " + field + " field appears more than once")
                            .withField(field);
                }
                return field == null ? ApiError.of(ErrorCode.INVALID_REQUEST, GENERIC)
                        : ApiError.of(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON at the "
                        + field + " field").withField(field);
            }
        }
        return ApiError.of(ErrorCode.INVALID_REQUEST, GENERIC);
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (Exception unknown) {
            return null;
        }
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : reference.getIndex() >= 0 ? String.valueOf(reference.getIndex()) : null)
                .filter(part -> part != null)
                .collect(Collectors.joining("."));
        return path.isEmpty() ? null : path;
    }
}

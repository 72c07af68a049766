package com.m2m.query.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values kept in TEXT columns (link metadata, activity details, lists of field paths, partner settings).
 * Uses its own {@link ObjectMapper}, independent of the application's, so the stored form never changes with the
 * web layer's configuration. Failures are rethrown: a projection must never lose a write silently.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON as " + type.getSimpleName(), e);
        }
    }

    public static Map<String, String> readStringMap(String json) {
        return read(json, new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    public static Map<String, Object> readObject(String json) {
        return read(json, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    public static List<String> readStringList(String json) {
        return read(json, new TypeReference<List<String>>() {
        });
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON", e);
        }
    }
}

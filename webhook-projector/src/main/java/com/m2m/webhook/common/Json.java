package com.m2m.webhook.common;

import com.m2m.domain.common.Timestamps;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON written by this module: stored columns and webhook bodies. Uses its own {@link ObjectMapper}, independent
 * of the web layer's, so a body's bytes never change with the application's Jackson configuration. Nulls are
 * written, no pretty printing, no trailing newline. Instants must be converted with {@link Timestamps#wire} first.
 * Decimals ({@link java.math.BigDecimal}) are JSON numbers written exactly as they are, never in exponent form
 * ({@code 100.00}, not {@code 1.0E+2}), and read back with their exact value and scale.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    private static final ObjectReader EXACT_TREE = MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    public static Map<String, String> readStringMap(String json) {
        return read(json, new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    public static List<String> readStringList(String json) {
        return read(json, new TypeReference<List<String>>() {
        });
    }

    /** A stored JSON document as a tree whose numbers keep their exact decimal value and scale. */
    public static JsonNode readExactTree(String json) {
        try {
            return EXACT_TREE.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON", e);
        }
    }
}

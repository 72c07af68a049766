package com.m2m.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * How request bodies are read: strictly, exactly and within bounds that fit the contract, so that what a body
 * costs in memory stays proportional to its (already limited) size. A {@code [{},{},…]} body of a few MB would
 * otherwise become a few hundred MB of {@code JsonNode}s.
 * <p>
 * The settings apply to a copy of Spring's ObjectMapper used only by the HTTP message converter: internal JSON
 * (read models, idempotency records) keeps Spring's mapper, and Axon's event mapper is separate again
 * ({@code AxonConfiguration}), so stored events are read exactly as before.
 */
@Configuration
public class JsonRequestParsing {

    /** Deepest legitimate body: userData.paymentMethod.bankAccount.x is 4 levels; metadata gets some room. */
    static final int MAX_NESTING_DEPTH = 16;
    /** An id image of 5 MB is 6.7 M characters of base64. */
    static final int MAX_STRING_LENGTH = 7 * 1024 * 1024;
    /** Amounts, counts and minutes are a few digits; partners' metadata may carry long numeric ids. */
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 256;
    /** The largest body (userData with every field, metadata, settings lists) is a few hundred tokens. */
    static final long MAX_TOKEN_COUNT = 10_000;

    static StreamReadConstraints constraints(RequestLimits limits) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxTokenCount(MAX_TOKEN_COUNT)
                .maxDocumentLength(limits.maxBodyBytes().toBytes())
                .build();
    }

    /** Replaces Spring Boot's converter (same media types), with the request-reading rules above. */
    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper,
                                                                          RequestLimits limits) {
        ObjectMapper requests = objectMapper.copy();
        requests.getFactory().setStreamReadConstraints(constraints(limits));
        // {"referenceId":"a","referenceId":"b"} and {...}{...} are refused rather than silently half-read.
        requests.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        requests.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // Amounts are read from their text, never through double: 0.99999999999999999999 stays what it is.
        requests.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        // ... with the scale they were written with: 100.000 has three decimals (refused), and is not read as 1E+2.
        requests.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        return new MappingJackson2HttpMessageConverter(requests) {
            @Override
            public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
                try {
                    return super.read(type, contextClass, input);
                } catch (NumberFormatException outOfRange) {
                    throw unreadable(outOfRange, input);
                }
            }

            @Override
            protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
                try {
                    return super.readInternal(type, input);
                } catch (NumberFormatException outOfRange) {
                    throw unreadable(outOfRange, input);
                }
            }
        };
    }

    /** Jackson lets a number whose exponent overflows (1e9999999999) escape as a bare NumberFormatException. */
    private static HttpMessageNotReadableException unreadable(NumberFormatException e, HttpInputMessage input) {
        return new HttpMessageNotReadableException("A number in the request body is out of range", e, input);
    }
}

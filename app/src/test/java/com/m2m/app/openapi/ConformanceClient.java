package com.m2m.app.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.app.ApiClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends real requests to the running platform and checks each exchange against the OpenAPI document it serves
 * (Atlassian's swagger-request-validator): a request the document calls valid must get an answer the document
 * describes; a bad request must be bad by the document too, and its error answer still described.
 */
final class ConformanceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String document;
    private final OpenApiInteractionValidator validator;

    ConformanceClient(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.document = send("GET", "/v3/api-docs", null, Map.of()).body();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    }

    String document() {
        return document;
    }

    /** Whatever the request, the answer is one the document describes for the route. */
    Exchange described(String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpResponse<String> response = send(method, pathAndQuery, body, headers);
        ValidationReport report = validator.validateResponse(URI.create(pathAndQuery).getRawPath(),
                Request.Method.valueOf(method), response(response));
        assertThat(report.getMessages()).as(method + " " + pathAndQuery + " " + body + " -> "
                + response.statusCode() + " " + response.body()).isEmpty();
        return exchange(response);
    }

    record Exchange(int status, JsonNode body) {
    }

    /** An exchange both sides of which the document describes. */
    Exchange valid(String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpResponse<String> response = send(method, pathAndQuery, body, headers);
        ValidationReport report = validator.validate(request(method, pathAndQuery, body, headers), response(response));
        assertThat(report.getMessages()).as(method + " " + pathAndQuery + " -> " + response.statusCode() + " "
                + response.body()).isEmpty();
        return exchange(response);
    }

    /** A request the document itself calls invalid; the platform's answer must still be a described one. */
    Exchange invalid(String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpResponse<String> response = send(method, pathAndQuery, body, headers);
        SimpleRequest request = request(method, pathAndQuery, body, headers);
        assertThat(validator.validateRequest(request).hasErrors())
                .as(method + " " + pathAndQuery + " " + body + " should be invalid by the document").isTrue();
        ValidationReport report = validator.validateResponse(URI.create(pathAndQuery).getPath(),
                Request.Method.valueOf(method), response(response));
        assertThat(report.getMessages()).as(method + " " + pathAndQuery + " -> " + response.statusCode() + " "
                + response.body()).isEmpty();
        return exchange(response);
    }

    private static Exchange exchange(HttpResponse<String> response) {
        try {
            return new Exchange(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static SimpleRequest request(String method, String pathAndQuery, String body, Map<String, String> headers) {
        URI uri = URI.create(pathAndQuery);
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, uri.getPath());
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                builder.withQueryParam(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        headers.forEach(builder::withHeader);
        if (body != null) {
            builder.withContentType("application/json").withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse response(HttpResponse<String> response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(builder::withHeader);
        return builder.build();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        try {
            return http.send(ApiClient.request(baseUrl + pathAndQuery, method, body, all),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

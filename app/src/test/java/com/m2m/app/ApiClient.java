package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP client for end-to-end tests: what a partner's integration does, headers and all. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public JsonNode data() {
            return body.get("data");
        }

        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Call get(String path) {
        return new Call("GET", path, null);
    }

    public Call post(String path, String jsonBody) {
        return new Call("POST", path, jsonBody);
    }

    public Call put(String path, String jsonBody) {
        return new Call("PUT", path, jsonBody);
    }

    public final class Call {
        private final String method;
        private final String path;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Call(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
        }

        public Call key(String apiKey) {
            return header("X-API-Key", apiKey);
        }

        public Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        public Response send() {
            try {
                HttpResponse<String> response = http.send(request(baseUrl + path, method, body, headers),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                return new Response(response.statusCode(), json, response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A test request: {@code body} as text (none when null), these headers, and a 30 s bound on the answer. */
    public static HttpRequest request(String url, String method, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }
}

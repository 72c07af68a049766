package com.m2m.app;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** The actuator on the management port, as a load balancer or Prometheus reads it. */
final class Management {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Management(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Prometheus scrape() {
        HttpResponse<String> response = get("/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new AssertionError("scrape answered " + response.statusCode() + ": " + response.body());
        }
        return new Prometheus(response.body());
    }

    /** Polls until the condition holds (bounded: fails after 30 s, which only a broken feature takes). */
    <T> T await(java.util.function.Supplier<T> read, Predicate<T> condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        T last = read.get();
        while (!condition.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never held; last: " + last);
            }
            Pause.millis(50);
            last = read.get();
        }
        return last;
    }

    /** Readiness answer: status code and body. */
    HttpResponse<String> readiness() {
        return get("/actuator/health/readiness");
    }
}

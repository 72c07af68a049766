package com.m2m.app.web;

/** The two shapes every API response takes: {@code {"success": true, "data": ...}} or {@code {"success": false, "error": ...}}. */
public final class ApiEnvelope {

    private ApiEnvelope() {
    }

    public record Success(boolean success, Object data) {
    }

    public record Failure(boolean success, ApiError error) {
    }

    public static Success ok(Object data) {
        return new Success(true, data);
    }

    public static Failure failure(ApiError error) {
        return new Failure(false, error);
    }
}

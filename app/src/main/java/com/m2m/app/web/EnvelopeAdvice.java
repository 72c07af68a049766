package com.m2m.app.web;

import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Wraps what our controllers return into the success envelope, so controllers return plain results.
 * Error envelopes (built by {@link ApiExceptionHandler}) and anything already enveloped pass through.
 */
@RestControllerAdvice(basePackages = "com.m2m")
public class EnvelopeAdvice extends EveryBodyAdvice {

    @Override
    Object write(Object body, MediaType contentType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ApiEnvelope.Success || body instanceof ApiEnvelope.Failure
                || body instanceof byte[] || body instanceof String
                || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            return body;
        }
        return ApiEnvelope.ok(body);
    }
}

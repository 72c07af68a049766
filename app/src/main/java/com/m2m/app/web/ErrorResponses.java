package com.m2m.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;

/** Writes an error envelope from a servlet filter, where {@code @RestControllerAdvice} does not reach. */
@Component
public class ErrorResponses {

    /** The request attribute holding the error code a request was answered with (for logs and metrics). */
    public static final String CODE_ATTRIBUTE = ErrorResponses.class.getName() + ".code";

    private final ObjectMapper objectMapper;

    public ErrorResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
            throws IOException {
        write(request, response, ApiError.of(code, message), code.status().value());
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiError error, int status)
            throws IOException {
        request.setAttribute(CODE_ATTRIBUTE, error.code());
        byte[] body = bytes(request, error);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // A known length (not chunked): the answer is whole even when the connection is closed right after it.
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The envelope of {@code error} for this request, serialized. */
    public byte[] bytes(HttpServletRequest request, ApiError error) throws IOException {
        return objectMapper.writeValueAsBytes(ApiEnvelope.failure(error.withRequestId(RequestIds.of(request))));
    }
}

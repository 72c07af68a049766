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
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(),
                ApiEnvelope.failure(error.withRequestId(RequestIds.of(request))));
    }
}

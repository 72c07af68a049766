package com.m2m.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * Replaces Spring Boot's {@code /error} (which answered {@code {"status":999}} when called directly, and its own
 * JSON shape otherwise): whatever reached the container's error page answers in the envelope, with its status.
 * Called directly, {@code /error} is just a path that does not exist.
 */
@RestController
public class ApiErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorController.class);

    private final ErrorResponses errors;

    public ApiErrorController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer value ? value : 404;
        if (status < 400) {
            status = 404;
        }
        if (response.isCommitted()) {
            // The answer was already sent (e.g. a refused body whose connection is being closed): nothing to add.
            return;
        }
        ErrorCode code = codeFor(status);
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            log.error("Unhandled error on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        response.resetBuffer();
        errors.write(request, response, ApiError.of(code, messageFor(status)), status);
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.RESOURCE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVER_BUSY;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    static String messageFor(int status) {
        return switch (status) {
            case 404 -> "Resource not found";
            case 405 -> "This method is not allowed here";
            case 408 -> "The request did not arrive in time";
            case 413 -> "The request body is larger than the limit";
            case 414, 431 -> "The request line or headers are larger than the limit";
            case 415 -> "Content-Type must be application/json";
            default -> status >= 500 ? "An internal error occurred" : "The request is not valid";
        };
    }
}

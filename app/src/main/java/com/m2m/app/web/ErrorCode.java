package com.m2m.app.web;

import org.springframework.http.HttpStatus;

/** The error codes of the partner API envelope (docs/api.md "Envelope, status codes, errors") and their statuses. */
public enum ErrorCode {
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    INVALID_API_KEY(HttpStatus.UNAUTHORIZED),
    PARTNER_SUSPENDED(HttpStatus.FORBIDDEN),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST),
    RESOURCE_NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    ACTIVE_LINK_EXISTS(HttpStatus.CONFLICT),
    LINK_EXPIRED(HttpStatus.GONE),
    REFERENCE_ID_MISMATCH(HttpStatus.BAD_REQUEST),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT),
    INVALID_STATE(HttpStatus.CONFLICT),
    /** Beyond the contract: a request body that did not arrive within {@code m2m.request.body-read-timeout}. */
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT),
    /** Beyond the contract: too many requests at once are sending their bodies slowly (see BodySizeLimit). */
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}

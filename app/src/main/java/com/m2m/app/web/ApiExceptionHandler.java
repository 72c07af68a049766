package com.m2m.app.web;

import com.m2m.command.common.TooManyRequestsException;
import com.m2m.domain.common.ActiveLinkExistsException;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.common.ReferenceIdMismatchException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become error envelopes. Controllers and the domain throw typed exceptions;
 * anything unexpected is logged here with its stack trace and answered 500 without one.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final HttpServletRequest request;

    public ApiExceptionHandler(HttpServletRequest request) {
        this.request = request;
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ApiEnvelope.Failure> invalid(ValidationException e) {
        return respond(ErrorCode.INVALID_REQUEST, e.getMessage(), e.field());
    }

    /**
     * {@link IncompatibleAggregateException}: an id that names an aggregate of another type (a user id given as a
     * link id). Controllers check id shapes before loading; this is the net under them: still "not found", exactly
     * like a missing id, and never a logged stack trace.
     */
    @ExceptionHandler({ResourceNotFoundException.class, AggregateNotFoundException.class,
            IncompatibleAggregateException.class, NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ApiEnvelope.Failure> notFound(Exception e) {
        String message = e instanceof ResourceNotFoundException ? e.getMessage() : "Resource not found";
        return respond(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    @ExceptionHandler(PartnerSuspendedException.class)
    ResponseEntity<ApiEnvelope.Failure> suspended(PartnerSuspendedException e) {
        return respond(ErrorCode.PARTNER_SUSPENDED, e.getMessage());
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ApiEnvelope.Failure> tooMany(TooManyRequestsException e) {
        return ResponseEntity.status(ErrorCode.RATE_LIMITED.status())
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .body(ApiEnvelope.failure(ApiError.of(ErrorCode.RATE_LIMITED, e.getMessage())
                        .withRequestId(RequestIds.of(request))));
    }

    @ExceptionHandler(InvalidStateException.class)
    ResponseEntity<ApiEnvelope.Failure> invalidState(InvalidStateException e) {
        return respond(ErrorCode.INVALID_STATE,
                ApiError.of(ErrorCode.INVALID_STATE, e.getMessage()).withState(e.state()));
    }

    @ExceptionHandler(LinkExpiredException.class)
    ResponseEntity<ApiEnvelope.Failure> expired(LinkExpiredException e) {
        return respond(ErrorCode.LINK_EXPIRED, e.getMessage());
    }

    @ExceptionHandler(ActiveLinkExistsException.class)
    ResponseEntity<ApiEnvelope.Failure> activeLink(ActiveLinkExistsException e) {
        return respond(ErrorCode.ACTIVE_LINK_EXISTS, ApiError.of(ErrorCode.ACTIVE_LINK_EXISTS, e.getMessage())
                .withExistingLinkId(e.existingLinkId()));
    }

    @ExceptionHandler(ReferenceIdMismatchException.class)
    ResponseEntity<ApiEnvelope.Failure> referenceMismatch(ReferenceIdMismatchException e) {
        return respond(ErrorCode.REFERENCE_ID_MISMATCH, e.getMessage(), "referenceId");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiEnvelope.Failure> api(ApiException e) {
        return respond(e.code(), e.getMessage(), e.field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiEnvelope.Failure> unreadable(HttpMessageNotReadableException e) {
        BodySizeLimit.BodyRefused refused = BodySizeLimit.cause(e);
        if (refused != null) {
            return respond(refused.code(), refused.getMessage());
        }
        return respond(ErrorCode.INVALID_REQUEST, UnreadableJson.describe(e));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiEnvelope.Failure> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(ErrorCode.INVALID_REQUEST, "Content-Type must be application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiEnvelope.Failure> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(ErrorCode.INVALID_REQUEST, "This API answers application/json only");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiEnvelope.Failure> missingParameter(MissingServletRequestParameterException e) {
        return respond(ErrorCode.INVALID_REQUEST, "The " + e.getParameterName() + " parameter is required",
                e.getParameterName());
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ApiEnvelope.Failure> missingHeader(MissingRequestHeaderException e) {
        return respond(ErrorCode.INVALID_REQUEST, "The " + e.getHeaderName() + " header is required",
                e.getHeaderName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiEnvelope.Failure> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(ErrorCode.INVALID_REQUEST, "The " + e.getName() + " parameter is not valid", e.getName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiEnvelope.Failure> method(HttpRequestMethodNotSupportedException e) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here");
    }

    /** Axon wraps handler exceptions in some paths (for instance a checked one): answer for the cause. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ApiEnvelope.Failure> command(CommandExecutionException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime && !(cause instanceof CommandExecutionException)) {
            return dispatch(runtime);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiEnvelope.Failure> unexpected(Exception e) {
        if (isPoolExhausted(e)) {
            // Overload, not a fault: no connection came free within the pool's timeout. The client may retry, so
            // the answer is 503 with Retry-After like the other overload answers, and the log has no stack trace.
            log.warn("No database connection free for {} {}: answered 503", request.getMethod(),
                    request.getRequestURI());
            ResponseEntity<ApiEnvelope.Failure> busy = respond(ErrorCode.SERVER_BUSY,
                    "The platform is busy; retry in a moment");
            return ResponseEntity.status(busy.getStatusCode()).header("Retry-After", "1").body(busy.getBody());
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, "An internal error occurred");
    }

    /** A connection-pool timeout anywhere in the cause chain (Hikari's, however Spring or Axon wrapped it). */
    private static boolean isPoolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return true;
            }
        }
        return false;
    }

    private ResponseEntity<ApiEnvelope.Failure> dispatch(RuntimeException e) {
        if (e instanceof ValidationException v) return invalid(v);
        if (e instanceof ResourceNotFoundException || e instanceof AggregateNotFoundException
                || e instanceof IncompatibleAggregateException) return notFound(e);
        if (e instanceof PartnerSuspendedException p) return suspended(p);
        if (e instanceof TooManyRequestsException t) return tooMany(t);
        if (e instanceof InvalidStateException s) return invalidState(s);
        if (e instanceof LinkExpiredException x) return expired(x);
        if (e instanceof ActiveLinkExistsException a) return activeLink(a);
        if (e instanceof ReferenceIdMismatchException m) return referenceMismatch(m);
        if (e instanceof ApiException a) return api(a);
        return unexpected(e);
    }

    private ResponseEntity<ApiEnvelope.Failure> respond(ErrorCode code, String message) {
        return respond(code, ApiError.of(code, message));
    }

    /** An error about one request field, named in {@code error.field}. */
    private ResponseEntity<ApiEnvelope.Failure> respond(ErrorCode code, String message, String field) {
        return respond(code, ApiError.of(code, message).withField(field));
    }

    private ResponseEntity<ApiEnvelope.Failure> respond(ErrorCode code, ApiError error) {
        request.setAttribute(ErrorResponses.CODE_ATTRIBUTE, error.code());
        return ResponseEntity.status(code.status())
                .body(ApiEnvelope.failure(error.withRequestId(RequestIds.of(request))));
    }
}

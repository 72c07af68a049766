package com.m2m.webhook.delivery;

/**
 * What one attempt got: an HTTP status, or an error (timeout, connection failure, refused target) described in a
 * few words, never a stack trace.
 */
public record AttemptOutcome(Integer httpStatus, String error, long durationMs) {

    public static final int GONE = 410;
    private static final int MAX_ERROR_LENGTH = 200;

    public AttemptOutcome {
        if ((httpStatus == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of httpStatus and error");
        }
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
    }

    public static AttemptOutcome http(int status, long durationMs) {
        return new AttemptOutcome(status, null, durationMs);
    }

    public static AttemptOutcome error(String error, long durationMs) {
        return new AttemptOutcome(null, error, durationMs);
    }

    /** Any 2xx; a redirect is a failure (it is not followed). */
    public boolean isSuccess() {
        return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }

    /** 410: the partner told us the endpoint is gone for good, so retrying is pointless. */
    public boolean isGone() {
        return httpStatus != null && httpStatus == GONE;
    }
}

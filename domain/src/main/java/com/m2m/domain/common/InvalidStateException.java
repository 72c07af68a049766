package com.m2m.domain.common;

/**
 * 409 {@code INVALID_STATE}: the request is well-formed but the resource's state does not allow it. The optional
 * {@link #state()} names that state in a word a client can branch on (the envelope's {@code error.state}), so no
 * client has to read the English message.
 */
public class InvalidStateException extends RuntimeException {

    private final String state;

    public InvalidStateException(String message) {
        this(message, null);
    }

    public InvalidStateException(String message, String state) {
        super(message);
        this.state = state;
    }

    /** The refusing state ({@code revoked}, {@code completed}, {@code quote_expired}), or null. */
    public String state() {
        return state;
    }
}

package com.m2m.domain.common;

/** 409 {@code INVALID_STATE}: the request is well-formed but the resource's state does not allow it. */
public class InvalidStateException extends RuntimeException {

    public InvalidStateException(String message) {
        super(message);
    }
}

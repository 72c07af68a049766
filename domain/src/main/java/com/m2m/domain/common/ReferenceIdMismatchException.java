package com.m2m.domain.common;

/** 400 {@code REFERENCE_ID_MISMATCH}: a data-request answer names another user than the request's. */
public class ReferenceIdMismatchException extends RuntimeException {

    public ReferenceIdMismatchException() {
        super("The referenceId does not match the data request's user");
    }
}

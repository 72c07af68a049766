package com.m2m.domain.common;

/** 404 {@code RESOURCE_NOT_FOUND}: the resource does not exist, or belongs to another partner or environment. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}

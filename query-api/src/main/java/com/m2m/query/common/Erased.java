package com.m2m.query.common;

/**
 * What a view shows in place of a personal value (or its mask) once its user was forgotten:
 * {@code {"erased": true}}.
 */
public record Erased(boolean erased) {

    public static final Erased ERASED = new Erased(true);
}

package com.m2m.domain.common;

/** 410 {@code LINK_EXPIRED}. */
public class LinkExpiredException extends RuntimeException {

    public LinkExpiredException() {
        super("The link has expired");
    }
}

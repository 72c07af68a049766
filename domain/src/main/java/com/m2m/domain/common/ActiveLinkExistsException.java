package com.m2m.domain.common;

/** 409 {@code ACTIVE_LINK_EXISTS}: the user already has a usable link; the partner must wait or revoke it. */
public class ActiveLinkExistsException extends RuntimeException {

    private final String existingLinkId;

    public ActiveLinkExistsException(String existingLinkId) {
        super("User already has an active link");
        this.existingLinkId = existingLinkId;
    }

    public String existingLinkId() {
        return existingLinkId;
    }
}

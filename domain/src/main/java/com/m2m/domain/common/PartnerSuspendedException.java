package com.m2m.domain.common;

/**
 * 403 {@code PARTNER_SUSPENDED}: the partner the request acts for is suspended (or unknown), so nothing that moves
 * money or opens the way to it may happen on its behalf.
 */
public class PartnerSuspendedException extends RuntimeException {

    public static final String MESSAGE = "Partner account is suspended or not found";

    public PartnerSuspendedException() {
        super(MESSAGE);
    }
}

package com.m2m.domain.link;

import com.m2m.domain.common.Environment;

import java.time.Instant;

/**
 * The answer to {@link OpenLinkCommand}. {@code expired} is true when the link's time had run out: the expiry was
 * recorded and the widget is answered 410.
 */
public record LinkOpening(String linkId, String userId, String partnerId, Environment environment,
                          String referenceId, LinkStatus status, Instant expiresAt, LinkOptions options,
                          boolean expired) {
}

package com.m2m.command.link;

import java.time.Instant;

/** The 201 of {@code POST /partner/links}: the only time the token is ever shown. */
public record CreatedLink(String linkId, String referenceId, String status, String url, String token,
                          Instant expiresAt, Instant createdAt, String userId, String userStatus) {
}

package com.m2m.command.link;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The 201 of {@code POST /partner/links}: the only time the token is ever shown. {@code webhookSecret} (beyond the
 * reference) appears only when this link's callbackUrl made the environment's first signing secret.
 */
public record CreatedLink(String linkId, String referenceId, String status, String url, String token,
                          Instant expiresAt, Instant createdAt, String userId, String userStatus,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret) {
}

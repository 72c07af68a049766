package com.m2m.query.link;

import java.time.Instant;
import java.util.Map;

/**
 * One link as listed by {@code GET /partner/links}. {@code status} is the effective status (an active link past
 * its {@code expiresAt} reads {@code expired}); {@code url} is the widget URL without its token.
 */
public record LinkView(String linkId, String referenceId, String userId, String status, String url,
                       Instant expiresAt, Instant createdAt, Instant openedAt, Instant completedAt,
                       Instant revokedAt, String operationId, Map<String, String> metadata, String flow,
                       String theme, String language) {
}

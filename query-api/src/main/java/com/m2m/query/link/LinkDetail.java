package com.m2m.query.link;

import java.time.Instant;
import java.util.Map;

/** {@code GET /partner/links/{linkId}}: the list item plus the user's current status (null if not known yet). */
public record LinkDetail(String linkId, String referenceId, String userId, String status, String url,
                         Instant expiresAt, Instant createdAt, Instant openedAt, Instant completedAt,
                         Instant revokedAt, String operationId, Map<String, String> metadata, String flow,
                         String theme, String language, String userStatus) {

    public static LinkDetail of(LinkView link, String userStatus) {
        return new LinkDetail(link.linkId(), link.referenceId(), link.userId(), link.status(), link.url(),
                link.expiresAt(), link.createdAt(), link.openedAt(), link.completedAt(), link.revokedAt(),
                link.operationId(), link.metadata(), link.flow(), link.theme(), link.language(), userStatus);
    }
}

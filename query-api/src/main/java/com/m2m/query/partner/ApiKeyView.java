package com.m2m.query.partner;

import java.time.Instant;

/** One key in {@code GET /admin/partners/{partnerId}/keys}: never the key nor its hash, only the prefix. */
public record ApiKeyView(String prefix, String environment, Instant createdAt, Instant lastUsedAt,
                         Instant revokedAt) {
}

package com.m2m.query.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /partner/users/{referenceId}}. {@code fields} is keyed by field path in the order of
 * {@link com.m2m.domain.user.UserField}; {@code activeLinkId} is null unless that link is usable now.
 */
public record UserView(String userId, String referenceId, String status, List<String> missingFields,
                       Map<String, UserFieldView> fields, String activeLinkId, Instant cipVerifiedAt,
                       Instant createdAt) {
}

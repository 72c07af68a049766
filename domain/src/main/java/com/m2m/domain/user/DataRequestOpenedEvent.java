package com.m2m.domain.user;

import com.m2m.domain.common.Environment;

import java.time.Instant;
import java.util.List;

/**
 * The partner is asked for the required fields still missing ({@code user.data_request}). It lives as long as
 * the link it was opened with: {@code expiresAt} is the link's.
 */
public record DataRequestOpenedEvent(String userId, String dataRequestId, String linkId, String partnerId,
                                     Environment environment, String referenceId, List<UserField> requiredFields,
                                     Instant expiresAt, Instant at) {
}

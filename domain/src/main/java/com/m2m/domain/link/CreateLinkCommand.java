package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;

import java.time.Instant;
import java.util.Set;

/**
 * Issue a link for the user (partner, environment, referenceId), creating the user on first sight and merging
 * {@code userData} with source {@code partner_api}. Routed by {@code userId}, which is derived from the triple.
 * When {@code dataRequestsEnabled} (the partner has a webhook target, or the link a callbackUrl) and required data
 * is missing, a data request {@code dataRequestId} is opened.
 */
public record CreateLinkCommand(String linkId, String userId, String partnerId, Environment environment,
                                String referenceId, UserData userData, Set<UserField> requiredFields,
                                String tokenHash, LinkOptions options, Instant expiresAt, Instant requestedAt,
                                String dataRequestId, boolean dataRequestsEnabled) {
}

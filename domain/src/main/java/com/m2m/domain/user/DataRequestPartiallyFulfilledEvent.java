package com.m2m.domain.user;

import java.time.Instant;
import java.util.List;

/** The partner answered but required fields are still missing; the request stays open for them. */
public record DataRequestPartiallyFulfilledEvent(String userId, String dataRequestId, String linkId,
                                                 List<UserField> remainingFields, Instant at) {
}

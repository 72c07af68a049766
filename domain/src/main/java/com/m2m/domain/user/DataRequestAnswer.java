package com.m2m.domain.user;

import java.time.Instant;
import java.util.List;

/** The state of a data request after the partner's answer. */
public record DataRequestAnswer(String dataRequestId, DataRequestStatus status, String linkId, Instant fulfilledAt,
                                List<UserField> remainingFields) {
}

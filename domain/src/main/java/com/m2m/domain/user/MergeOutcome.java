package com.m2m.domain.user;

import java.util.List;

/** What a merge did: the user's state after it, and the fields whose write lost to a higher-priority source. */
public record MergeOutcome(UserStatus status, List<UserField> missingFields, List<UserField> ignoredFields) {
}

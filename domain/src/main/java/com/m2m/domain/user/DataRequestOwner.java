package com.m2m.domain.user;

/** The answer to {@link FindDataRequestOwnerQuery}; {@code userId} is null when the tenant has no such request. */
public record DataRequestOwner(String userId) {
}

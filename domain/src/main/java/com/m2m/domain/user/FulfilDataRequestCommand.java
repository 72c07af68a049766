package com.m2m.domain.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** The partner's answer to a data request: merged with source {@code partner_webhook}. */
public record FulfilDataRequestCommand(@TargetAggregateIdentifier String userId, String dataRequestId,
                                       String referenceId, UserData userData, Set<UserField> requiredFields,
                                       Instant at) {
}

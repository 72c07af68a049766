package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The partner (identified by its id and environment, checked against the link's owner) revokes a link. */
public record RevokeLinkCommand(@TargetAggregateIdentifier String linkId, String partnerId, Environment environment,
                                String reason, Instant requestedAt) {
}

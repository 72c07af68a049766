package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sandbox helper: expire an active link now, as if its time had run out (same events, same webhook). */
public record ExpireLinkCommand(@TargetAggregateIdentifier String linkId, String partnerId, Environment environment,
                                Instant at) {
}

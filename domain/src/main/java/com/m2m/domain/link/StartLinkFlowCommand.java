package com.m2m.domain.link;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The end user acted in the widget (first details submitted): {@code opened} → {@code in_progress}. */
public record StartLinkFlowCommand(@TargetAggregateIdentifier String linkId, Instant at) {
}

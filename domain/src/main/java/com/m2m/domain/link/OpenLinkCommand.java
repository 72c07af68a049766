package com.m2m.domain.link;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The widget exchanges the link's token for a session. The first open moves the link to {@code opened}; later
 * opens change nothing. {@code tokenHash} is the SHA-256 of the token the browser presented.
 */
public record OpenLinkCommand(@TargetAggregateIdentifier String linkId, String tokenHash, DeviceInfo deviceInfo,
                              Instant at) {
}

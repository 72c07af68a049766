package com.m2m.domain.user;

import java.time.Instant;

/**
 * Nothing required is missing any more: the request is closed. {@code source} says who completed the data —
 * {@code partner_webhook} when the partner answered, {@code widget} when the end user typed it (the request is then
 * no longer needed), {@code partner_api} when a later link brought it.
 */
public record DataRequestFulfilledEvent(String userId, String dataRequestId, String linkId, FieldSource source,
                                        Instant at) {
}

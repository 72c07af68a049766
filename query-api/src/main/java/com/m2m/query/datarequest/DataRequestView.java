package com.m2m.query.datarequest;

import java.time.Instant;
import java.util.List;

/**
 * One data request as listed by {@code GET /partner/data-requests} and returned by
 * {@code GET /partner/data-requests/{dataRequestId}}. {@code requiredFields} is what was asked for when it opened,
 * {@code remainingFields} what is still missing (empty once fulfilled); both are field paths. {@code status} is the
 * effective status: an open request ({@code pending} or {@code partially_fulfilled}) past its {@code expiresAt}
 * reads {@code expired}. {@code fulfilledAt} is null unless fulfilled.
 */
public record DataRequestView(String dataRequestId, String referenceId, String linkId, List<String> requiredFields,
                              List<String> remainingFields, String status, Instant createdAt, Instant expiresAt,
                              Instant fulfilledAt) {

    public DataRequestView {
        requiredFields = List.copyOf(requiredFields);
        remainingFields = List.copyOf(remainingFields);
    }
}

package com.m2m.query.link;

import java.time.Instant;
import java.util.Map;

/** One entry of {@code GET /partner/links/{linkId}/activity}. */
public record LinkActivity(String type, Instant at, Map<String, Object> details) {

    public static final String CREATED = "created";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";
    public static final String DATA_REQUESTED = "data_requested";
    public static final String DATA_RECEIVED = "data_received";
}

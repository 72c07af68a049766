package com.m2m.query.link;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of {@code GET /partner/links/{linkId}/activity}. Types and their details: {@code created}
 * {expiresAt, flow}; {@code opened} {deviceInfo: {userAgent, platform, language}}; {@code flow_started} {};
 * {@code data_requested} / {@code data_received} (see {@link LinkActivityProjection}); {@code cip_started} {},
 * {@code cip_verified} {}, {@code cip_failed} {reason} (on the user's active link at that moment);
 * {@code operation_created} {operationId}; {@code completed} {operationId}; {@code operation_completed}
 * {operationId}; {@code operation_failed} {operationId, reason}; {@code operation_cancelled} {operationId, reason};
 * {@code expired} {}; {@code revoked} {reason}.
 */
public record LinkActivity(String type, Instant at, Map<String, Object> details) {

    public static final String CREATED = "created";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";
    public static final String DATA_REQUESTED = "data_requested";
    public static final String DATA_RECEIVED = "data_received";
    public static final String OPENED = "opened";
    public static final String FLOW_STARTED = "flow_started";
    public static final String COMPLETED = "completed";
    public static final String CIP_STARTED = "cip_started";
    public static final String CIP_VERIFIED = "cip_verified";
    public static final String CIP_FAILED = "cip_failed";
    public static final String OPERATION_CREATED = "operation_created";
    public static final String OPERATION_COMPLETED = "operation_completed";
    public static final String OPERATION_FAILED = "operation_failed";
    public static final String OPERATION_CANCELLED = "operation_cancelled";
}

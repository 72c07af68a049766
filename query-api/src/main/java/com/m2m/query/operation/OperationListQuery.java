package com.m2m.query.operation;

import com.m2m.domain.common.ValidationException;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The filters of {@code GET /partner/operations}; every member but {@code page} may be null (= no filter).
 * {@code from} is inclusive; {@code to} includes the whole day when given as a date (both on {@code createdAt}, as
 * for the link list). {@code userId} and {@code linkId} are matched exactly: an id the tenant does not have simply
 * lists nothing.
 */
public record OperationListQuery(PageRequest page, Instant from, TimeBound to, OperationStatus status,
                                 String referenceId, String userId, String linkId) {

    public static final List<String> STATUS_WIRE_NAMES =
            Arrays.stream(OperationStatus.values()).map(OperationStatus::wireName).toList();

    public static OperationListQuery all(PageRequest page) {
        return new OperationListQuery(page, null, null, null, null, null, null);
    }

    /**
     * Parses the raw query parameters.
     *
     * @throws ValidationException naming the first invalid parameter
     */
    public static OperationListQuery parse(String page, String limit, String from, String to, String status,
                                           String referenceId, String userId, String linkId) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        QueryParams.CreatedRange created = QueryParams.createdRange(from, to);
        OperationStatus operationStatus = QueryParams.oneOf(status, "status", STATUS_WIRE_NAMES)
                .map(OperationListQuery::statusOf).orElse(null);
        String reference = QueryParams.referenceId(referenceId);
        String user = QueryParams.isAbsent(userId) ? null : userId.trim();
        String link = QueryParams.isAbsent(linkId) ? null : linkId.trim();
        return new OperationListQuery(pageRequest, created.from(), created.to(), operationStatus, reference, user, link);
    }

    private static OperationStatus statusOf(String wireName) {
        return Arrays.stream(OperationStatus.values())
                .filter(status -> status.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown operation status " + wireName));
    }
}

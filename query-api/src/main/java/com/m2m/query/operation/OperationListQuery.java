package com.m2m.query.operation;

import com.m2m.domain.common.ValidationException;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;

/**
 * The filters of {@code GET /partner/operations}; every member but {@code page} may be null (= no filter).
 * {@code from} is inclusive; {@code to} includes the whole day when given as a date (both on {@code createdAt}, as
 * for the link list). {@code userId} and {@code linkId} are matched exactly: an id the tenant does not have simply
 * lists nothing.
 */
public record OperationListQuery(PageRequest page, Instant from, TimeBound to, OperationStatus status,
                                 String referenceId, String userId, String linkId) {

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
        OperationStatus operationStatus = QueryParams.oneOf(status, "status", OperationStatus.class).orElse(null);
        return new OperationListQuery(pageRequest, created.from(), created.to(), operationStatus,
                QueryParams.referenceId(referenceId), QueryParams.exact(userId), QueryParams.exact(linkId));
    }
}

package com.m2m.query.datarequest;

import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;

/**
 * The filters of {@code GET /partner/data-requests}; every member but {@code page} may be null (= no filter).
 * {@code from} is inclusive; {@code to} includes the whole day when given as a date (both on {@code createdAt}, as
 * for the link list). {@code status} is matched against the effective status ({@code expired} included).
 * {@code linkId} is matched exactly: an id the tenant does not have simply lists nothing.
 */
public record DataRequestListQuery(PageRequest page, Instant from, TimeBound to, DataRequestStatus status,
                                   String referenceId, String linkId) {

    public static DataRequestListQuery all(PageRequest page) {
        return new DataRequestListQuery(page, null, null, null, null, null);
    }

    /**
     * Parses the raw query parameters.
     *
     * @throws ValidationException naming the first invalid parameter
     */
    public static DataRequestListQuery parse(String page, String limit, String from, String to, String status,
                                             String referenceId, String linkId) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        QueryParams.CreatedRange created = QueryParams.createdRange(from, to);
        DataRequestStatus requestStatus = QueryParams.oneOf(status, "status", DataRequestStatus.class).orElse(null);
        return new DataRequestListQuery(pageRequest, created.from(), created.to(), requestStatus,
                QueryParams.referenceId(referenceId), QueryParams.exact(linkId));
    }
}

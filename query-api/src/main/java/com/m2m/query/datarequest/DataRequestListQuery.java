package com.m2m.query.datarequest;

import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The filters of {@code GET /partner/data-requests}; every member but {@code page} may be null (= no filter).
 * {@code from} is inclusive; {@code to} includes the whole day when given as a date (both on {@code createdAt}, as
 * for the link list). {@code status} is matched against the effective status ({@code expired} included).
 * {@code linkId} is matched exactly: an id the tenant does not have simply lists nothing.
 */
public record DataRequestListQuery(PageRequest page, Instant from, TimeBound to, DataRequestStatus status,
                                   String referenceId, String linkId) {

    public static final List<String> STATUS_WIRE_NAMES =
            Arrays.stream(DataRequestStatus.values()).map(DataRequestStatus::wireName).toList();

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
        DataRequestStatus requestStatus = QueryParams.oneOf(status, "status", STATUS_WIRE_NAMES)
                .map(DataRequestListQuery::statusOf).orElse(null);
        String reference = QueryParams.referenceId(referenceId);
        String link = QueryParams.isAbsent(linkId) ? null : linkId.trim();
        return new DataRequestListQuery(pageRequest, created.from(), created.to(), requestStatus, reference, link);
    }

    private static DataRequestStatus statusOf(String wireName) {
        return Arrays.stream(DataRequestStatus.values())
                .filter(status -> status.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown data request status " + wireName));
    }
}

package com.m2m.query.datarequest;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.query.common.PageRequest;
import com.m2m.query.common.QueryParams;
import com.m2m.query.common.TimeBound;

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
        Instant fromInstant = QueryParams.from(from, "from").orElse(null);
        TimeBound toBound = QueryParams.to(to, "to").orElse(null);
        if (fromInstant != null && toBound != null
                && (toBound.inclusive() ? fromInstant.isAfter(toBound.at()) : !fromInstant.isBefore(toBound.at()))) {
            throw new ValidationException("from", "The from field must not be after the to field");
        }
        DataRequestStatus requestStatus = QueryParams.oneOf(status, "status", STATUS_WIRE_NAMES)
                .map(DataRequestListQuery::statusOf).orElse(null);
        String reference = null;
        if (!QueryParams.isAbsent(referenceId)) {
            if (!Identifiers.REFERENCE_ID.matcher(referenceId).matches()) {
                throw new ValidationException("referenceId",
                        "The referenceId field must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'");
            }
            reference = referenceId;
        }
        String link = QueryParams.isAbsent(linkId) ? null : linkId.trim();
        return new DataRequestListQuery(pageRequest, fromInstant, toBound, requestStatus, reference, link);
    }

    private static DataRequestStatus statusOf(String wireName) {
        return Arrays.stream(DataRequestStatus.values())
                .filter(status -> status.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown data request status " + wireName));
    }
}

package com.m2m.query.link;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.LinkStatus;
import com.m2m.query.common.PageRequest;
import com.m2m.query.common.QueryParams;
import com.m2m.query.common.TimeBound;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The filters of {@code GET /partner/links}; every member but {@code page} may be null (= no filter).
 * {@code from} is inclusive; {@code to} includes the whole day when given as a date.
 */
public record LinkListQuery(PageRequest page, Instant from, TimeBound to, LinkStatus status,
                            LinkVisibility visibility, String referenceId) {

    public static final List<String> STATUS_WIRE_NAMES =
            Arrays.stream(LinkStatus.values()).map(LinkStatus::wireName).toList();

    public static LinkListQuery all(PageRequest page) {
        return new LinkListQuery(page, null, null, null, null, null);
    }

    /**
     * Parses the raw query parameters.
     *
     * @throws ValidationException naming the first invalid parameter
     */
    public static LinkListQuery parse(String page, String limit, String from, String to, String status,
                                      String visibility, String referenceId) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        Instant fromInstant = QueryParams.from(from, "from").orElse(null);
        TimeBound toBound = QueryParams.to(to, "to").orElse(null);
        if (fromInstant != null && toBound != null
                && (toBound.inclusive() ? fromInstant.isAfter(toBound.at()) : !fromInstant.isBefore(toBound.at()))) {
            throw new ValidationException("from", "The from field must not be after the to field");
        }
        LinkStatus linkStatus = QueryParams.oneOf(status, "status", STATUS_WIRE_NAMES)
                .map(LinkStatus::fromWireName).orElse(null);
        LinkVisibility linkVisibility = QueryParams.oneOf(visibility, "visibility", LinkVisibility.WIRE_NAMES)
                .map(LinkVisibility::fromWireName).orElse(null);
        String reference = null;
        if (!QueryParams.isAbsent(referenceId)) {
            if (!Identifiers.REFERENCE_ID.matcher(referenceId).matches()) {
                throw new ValidationException("referenceId",
                        "The referenceId field must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'");
            }
            reference = referenceId;
        }
        return new LinkListQuery(pageRequest, fromInstant, toBound, linkStatus, linkVisibility, reference);
    }
}

package com.m2m.query.link;

import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

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
        QueryParams.CreatedRange created = QueryParams.createdRange(from, to);
        LinkStatus linkStatus = QueryParams.oneOf(status, "status", STATUS_WIRE_NAMES)
                .map(LinkStatus::fromWireName).orElse(null);
        LinkVisibility linkVisibility = QueryParams.oneOf(visibility, "visibility", LinkVisibility.WIRE_NAMES)
                .map(LinkVisibility::fromWireName).orElse(null);
        String reference = QueryParams.referenceId(referenceId);
        return new LinkListQuery(pageRequest, created.from(), created.to(), linkStatus, linkVisibility, reference);
    }
}

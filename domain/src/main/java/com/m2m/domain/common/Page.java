package com.m2m.domain.common;

import java.util.List;

/**
 * One page of a list endpoint: {@code {"items": [...], "pagination": {"page","limit","total","totalPages"}}}
 * (docs/api.md "Envelope, status codes, errors", Lists). {@code totalPages} is 0 when there is nothing to list.
 */
public record Page<T>(List<T> items, Pagination pagination) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        long totalPages = total == 0 ? 0 : (total + request.limit() - 1) / request.limit();
        return new Page<>(items, new Pagination(request.page(), request.limit(), total, totalPages));
    }

    public record Pagination(int page, int limit, long total, long totalPages) {
    }
}

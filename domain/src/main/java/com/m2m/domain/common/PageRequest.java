package com.m2m.domain.common;

/** {@code page} (≥ 1, default 1) and {@code limit} (1..100, default 20) of a list request. */
public record PageRequest(int page, int limit) {

    public static final int DEFAULT_PAGE = 1;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page must be >= 1");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(DEFAULT_PAGE, limit);
    }

    /** Parses the raw query parameters; null or blank means "default". */
    public static PageRequest parse(String page, String limit) {
        return new PageRequest(QueryParams.page(page), QueryParams.limit(limit));
    }

    /** Rows to skip: a long, so that a huge page number cannot overflow. */
    public long offset() {
        return (long) (page - 1) * limit;
    }
}

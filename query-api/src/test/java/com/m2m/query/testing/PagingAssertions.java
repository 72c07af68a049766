package com.m2m.query.testing;

import com.m2m.domain.common.Page;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The paging that every list read shares, asserted in one place rather than once per list. */
public final class PagingAssertions {

    private PagingAssertions() {
    }

    /**
     * With 25 items, pages of 10 ({@code pageOfTen} takes the page parameter, {@code null} for the default first
     * page): the first holds the newest ten, the third the oldest five, the fourth is empty with the same totals.
     */
    public static <T> void assertTwentyFiveInPagesOfTen(Function<String, Page<T>> pageOfTen, Function<T, String> id,
                                                         List<String> newestFirst) {
        assertPage(pageOfTen.apply(null), id, new Page.Pagination(1, 10, 25, 3), newestFirst.subList(0, 10));
        assertPage(pageOfTen.apply("3"), id, new Page.Pagination(3, 10, 25, 3), newestFirst.subList(20, 25));
        assertPage(pageOfTen.apply("4"), id, new Page.Pagination(4, 10, 25, 3), List.of());
    }

    private static <T> void assertPage(Page<T> page, Function<T, String> id, Page.Pagination pagination,
                                       List<String> ids) {
        assertThat(page.pagination()).isEqualTo(pagination);
        assertThat(page.items().stream().map(id).toList()).isEqualTo(ids);
    }
}

package com.m2m.query.analytics;

/**
 * {@code GET /analytics/data-requests}, over the requests opened in the selection: {@code opened} of them are now
 * {@code pending} (open, unanswered), {@code partiallyFulfilled} (open, answered in part), {@code fulfilled} (closed:
 * nothing required is missing any more, whoever completed it) or {@code expired} (ended with their link without
 * being fulfilled) — the four add up to {@code opened}. {@code answered}: how many the partner answered at least
 * once; {@code answerTime}: from opening to the partner's first answer, over those.
 */
public record DataRequestReport(long opened, long pending, long partiallyFulfilled, long fulfilled, long expired,
                                long answered, Percentiles answerTime) {
}

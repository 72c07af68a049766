package com.m2m.query.analytics;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /analytics/funnel}: per UTC day of link creation, the links created that day and how many of them
 * reached each status, and the same over the whole selection ({@code totals}).
 */
public record FunnelReport(String granularity, List<Day> days, Counts totals) {

    public FunnelReport {
        days = List.copyOf(days);
    }

    /** One day (ISO date, UTC): the counts of the links created on it. */
    public record Day(String day, long created, long opened, long inProgress, long completed, long expired,
                      long revoked, BigDecimal conversion, Percentiles timeToOpen, Percentiles timeToComplete) {

        static Day of(String day, Counts counts) {
            return new Day(day, counts.created(), counts.opened(), counts.inProgress(), counts.completed(),
                    counts.expired(), counts.revoked(), counts.conversion(), counts.timeToOpen(),
                    counts.timeToComplete());
        }
    }

    /**
     * {@code created}: links created; {@code opened}, {@code inProgress}, {@code completed}: of those, how many were
     * ever opened, ever in progress (or completed), completed; {@code expired}, {@code revoked}: how many ended so
     * (an active link whose time ran out counts as expired, as partners see it); {@code conversion}:
     * completed / created (four places, null when nothing was created).
     */
    public record Counts(long created, long opened, long inProgress, long completed, long expired, long revoked,
                         BigDecimal conversion, Percentiles timeToOpen, Percentiles timeToComplete) {
    }
}

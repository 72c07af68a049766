package com.m2m.webhook.delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.m2m.webhook.common.Db.instant;

/**
 * How many webhooks wait to be delivered (status pending: never attempted yet, or waiting for a retry) per partner
 * environment, and how old the oldest of them is: read for the metrics at scrape time. One grouped query over the
 * {@code (status, next_attempt_at)} index, at most {@link #MAX_ROWS} environments (the largest backlogs first).
 */
@Component
public record OutboxBacklog(JdbcTemplate jdbc, Clock clock) {

    public static final int MAX_ROWS = 200;

    public record Row(String partnerId, String environment, long pending, Duration oldestAge) {
    }

    public List<Row> pendingByEnvironment() {
        Instant now = clock.instant();
        return jdbc.query("SELECT partner_id, environment, COUNT(*) AS pending, MIN(created_at) AS oldest"
                        + " FROM webhook_delivery WHERE status = ? GROUP BY partner_id, environment"
                        + " ORDER BY pending DESC, partner_id, environment LIMIT " + MAX_ROWS,
                (rs, row) -> {
                    Instant oldest = instant(rs, "oldest");
                    Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
                    return new Row(rs.getString("partner_id"), rs.getString("environment"), rs.getLong("pending"), age);
                },
                DeliveryStatus.PENDING.wireName());
    }
}

package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.TestDatabases;
import com.m2m.webhook.common.WebhookIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL (V300_10), what an attempt's updates cost the delivery's row: a claim writes only the lease, which
 * no index holds, so it must stay on the row's page as a heap-only update (no entry in any of the table's indexes),
 * and a completed delivery must leave the claim's partial index of pending deliveries. Pages at the default fill
 * factor are full once deliveries are inserted: there, the claimed rows move to other pages (this test fails). A
 * page at 70 % holds a few deliveries of this size and room for one or two new versions at a time.
 */
class DeliveryRowUpdatesTest {

    private static final int DELIVERIES = 400;
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("webhook");

    private JdbcTemplate jdbc;
    private DeliveryStore store;

    @Test
    void aClaimStaysOnItsRowsPageAndACompletedDeliveryLeavesTheIndexOfPendingOnes() {
        DataSource dataSource = DATABASES.postgres();
        jdbc = new JdbcTemplate(dataSource);
        store = new DeliveryStore(jdbc, new DataSourceTransactionManager(dataSource));
        List<String> ids = seed();
        Map<String, Long> pagesBefore = pages();
        assertThat(pagesBefore.values().stream().distinct().count()).as("the deliveries fill several pages")
                .isGreaterThan(5);

        // One claim at a time, as attempts end: each claim's old row version is dead once it commits, so the page
        // has it back (pruned) by the time the next claim of that page needs the room.
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (String id : ids) {
            claimed.addAll(store.claimAll(List.of(id), "node-1-" + id, NOW.plus(Duration.ofMinutes(1)), NOW));
        }

        assertThat(claimed).hasSize(DELIVERIES);
        assertThat(pages()).as("every claimed row is still on its page: a heap-only update")
                .isEqualTo(pagesBefore);

        ClaimedDelivery first = claimed.get(0);
        assertThat(store.complete(first, NOW, AttemptOutcome.http(200, 5),
                new RetryPolicy.Decision(DeliveryStatus.DELIVERED, null))).isTrue();
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE indexname = ?", String.class,
                "webhook_delivery_target_due_idx")).as("the claim's index holds pending deliveries only")
                .endsWith("WHERE ((status)::text = 'pending'::text)");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending'",
                Integer.class)).isEqualTo(DELIVERIES - 1);
    }

    /** One partner's deliveries, each of its own link, due now, with bodies of a realistic size. */
    private List<String> seed() {
        String body = "{\"type\":\"link.created\",\"data\":{\"note\":\"" + "x".repeat(400) + "\"}}";
        List<NewDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            deliveries.add(new NewDelivery(WebhookIds.newDeliveryId(), WebhookIds.newWebhookId(), "acme",
                    Environment.SANDBOX, "link.created", "link-" + i, "https://acme.example/hooks", body, NOW,
                    NOW));
        }
        store.insertAllIfAbsent(deliveries);
        return deliveries.stream().map(NewDelivery::deliveryId).toList();
    }

    /** Each delivery's heap page (the block of its row version's ctid). */
    private Map<String, Long> pages() {
        return jdbc.query("SELECT delivery_id, (ctid::text::point)[0]::bigint AS page FROM webhook_delivery",
                (rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}

package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A recording transaction's results of one tenant and type move the totals in one statement, or not at all. */
class DeliveryCountsTest {

    private static final Environment SANDBOX = Environment.SANDBOX;

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("webhook", ";DEFAULT_NULL_ORDERING=HIGH");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void resultsOfSeveralStatusesMoveFromPendingTogether(String database) {
        JdbcTemplate jdbc = DATABASES.jdbc(database);
        DeliveryCounts counts = tenPendingOneDelivered(jdbc);
        counts.add("acme", SANDBOX, "failed", "link.created", 1);

        counts.moveFromPending("acme", SANDBOX, "link.created", new TreeMap<>(Map.of("delivered", 3L, "failed", 2L)));

        assertThat(totals(jdbc)).isEqualTo(Map.of("pending", 5L, "delivered", 4L, "failed", 3L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMissingRowFailsTheStatementSoThatTheResultsAreRecordedOneByOne(String database) {
        DeliveryCounts counts = tenPendingOneDelivered(DATABASES.jdbc(database));

        assertThatThrownBy(() -> counts.moveFromPending("acme", SANDBOX, "link.created",
                new TreeMap<>(Map.of("delivered", 3L, "failed", 2L)))).isInstanceOf(IllegalStateException.class);
    }

    /** Acme's link.created totals: ten pending, one delivered, no failed row yet. */
    private static DeliveryCounts tenPendingOneDelivered(JdbcTemplate jdbc) {
        DeliveryCounts counts = new DeliveryCounts(jdbc);
        counts.add("acme", SANDBOX, "pending", "link.created", 10);
        counts.add("acme", SANDBOX, "delivered", "link.created", 1);
        return counts;
    }

    private static Map<String, Long> totals(JdbcTemplate jdbc) {
        Map<String, Long> totals = new TreeMap<>();
        jdbc.query("SELECT status, n FROM webhook_delivery_count WHERE partner_id = 'acme'",
                rs -> {
                    totals.put(rs.getString("status"), rs.getLong("n"));
                });
        return totals;
    }
}

package com.m2m.query;

import com.m2m.query.testing.FlatReadsTestBase;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.UserField;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.RecordedStatements;
import com.m2m.query.datarequest.DataRequestListQuery;
import com.m2m.query.datarequest.DataRequestProjection;
import com.m2m.query.operation.OperationListQuery;
import com.m2m.query.operation.OperationViewProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.m2m.query.common.Db.ts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flat reads of {@code GET /partner/operations} and {@code GET /partner/data-requests} (docs/performance.md,
 * "Flat reads"): on PostgreSQL every list filter reads its table through an index (a page without narrowing filter
 * never sorts); on H2 and PostgreSQL the maintained totals equal {@code COUNT(*)} after a mixed history and a
 * replay from scratch.
 */
class FlatListReadsTest extends FlatReadsTestBase {


    // Each filter as the query string of its list request ("" for none). A from/to window is counted by an index
    // range over the window (no maintained count knows an arbitrary window), so it is flat only while the window is
    // a small part of the tenant: these windows are a day or less.
    private static final List<String> OPERATION_FILTERS = List.of("", "page=2&limit=50", "status=completed",
            "status=created", "status=failed", "from=2026-03-02&to=2026-03-02",
            "from=2026-03-05T00:00:00Z&status=completed", "referenceId=ref-77", "status=completed&referenceId=ref-77",
            "userId=user_77", "linkId=link_77");

    private static final List<String> DATA_REQUEST_FILTERS = List.of("", "page=2&limit=50", "status=pending",
            "status=partially_fulfilled", "status=fulfilled", "status=expired", "from=2026-03-02&to=2026-03-02",
            "referenceId=ref-77", "status=pending&referenceId=ref-77", "linkId=link_77");

    private static OperationListQuery operations(String filter) {
        String[] f = arguments(filter, List.of("page", "limit", "from", "to", "status", "referenceId", "userId",
                "linkId"));
        return OperationListQuery.parse(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }

    private static DataRequestListQuery dataRequests(String filter) {
        String[] f = arguments(filter, List.of("page", "limit", "from", "to", "status", "referenceId", "linkId"));
        return DataRequestListQuery.parse(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    }

    /** A query string's values in the order of {@code parameters}, null for each one it does not give. */
    private static String[] arguments(String queryString, List<String> parameters) {
        String[] arguments = new String[parameters.size()];
        for (String parameter : queryString.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            String[] nameAndValue = parameter.split("=", 2);
            assertThat(parameters).as("the list's parameters").contains(nameAndValue[0]);
            arguments[parameters.indexOf(nameAndValue[0])] = nameAndValue[1];
        }
        return arguments;
    }

    /** Whether the filter narrows the list to one user, reference or link (then a page may be sorted). */
    private static boolean narrowed(String filter) {
        return filter.contains("referenceId=") || filter.contains("userId=") || filter.contains("linkId=");
    }

    @Test
    void everyOperationAndDataRequestFilterReadsThroughAnIndexOnPostgres() {
        RecordedStatements recorded = new RecordedStatements();
        JdbcTemplate jdbc = DATABASES.postgres(recorded);
        seed(jdbc, 20_000);
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(5)));
        OperationViewProjection operationView = new OperationViewProjection(jdbc);
        DataRequestProjection dataRequestView = new DataRequestProjection(jdbc, clock);

        for (String filter : OPERATION_FILTERS) {
            recorded.take();
            long total = operationView.list(ACME, operations(filter)).pagination().total();
            List<RecordedStatements.Recorded> issued = recorded.take();
            String what = "operations ?" + filter;
            assertThat(total).as(what).isEqualTo(count(jdbc, "operation_view", operations(filter), null));
            RecordedStatements.assertIndexed(jdbc, issued, "operation_view", what,
                    statement -> !narrowed(filter) && statement.sql().startsWith("SELECT o.operation_id"));
        }
        for (String filter : DATA_REQUEST_FILTERS) {
            recorded.take();
            long total = dataRequestView.list(ACME, dataRequests(filter)).pagination().total();
            List<RecordedStatements.Recorded> issued = recorded.take();
            String what = "data requests ?" + filter;
            assertThat(total).as(what).isEqualTo(count(jdbc, "data_request_view", dataRequests(filter),
                    clock.instant()));
            RecordedStatements.assertIndexed(jdbc, issued, "data_request_view", what,
                    statement -> !narrowed(filter) && statement.sql().startsWith("SELECT d.data_request_id"));
        }
    }

    /** 20k operations and 20k data requests, nine in ten of one tenant, over a few days, ANALYZEd. */
    private static void seed(JdbcTemplate jdbc, int rows) {
        String tenant = " CASE WHEN i % 10 = 0 THEN 'other' ELSE 'acme' END,"
                + " CASE WHEN i % 10 = 0 THEN 'live' ELSE 'sandbox' END,";
        jdbc.update("INSERT INTO operation_view (operation_id, partner_id, environment, user_id, reference_id,"
                + " link_id, status, send_amount, receive_amount, rate, fee, source_currency, destination_currency,"
                + " created_at) SELECT 'op_' || i," + tenant + " 'user_' || (i % 5000), 'ref-' || (i % 5000),"
                + " 'link_' || (i % 5000), (ARRAY['completed','completed','completed','failed','cancelled',"
                + "'processing','created','completed'])[1 + (i % 8)], 100, 1700, 17, 1, 'USD', 'MXN',"
                + " ? + i * INTERVAL '20 seconds' FROM generate_series(1, ?) AS i", ts(T0), rows);
        // open requests expire a day after they open, so only the last day's are still live at T0 + 5 days
        jdbc.update("INSERT INTO data_request_view (data_request_id, partner_id, environment, user_id,"
                + " reference_id, link_id, required_fields, remaining_fields, status, created_at, expires_at)"
                + " SELECT 'dr_' || i," + tenant + " 'user_' || (i % 5000), 'ref-' || (i % 5000),"
                + " 'link_' || (i % 5000), '[]', '[]', (ARRAY['fulfilled','fulfilled','pending',"
                + "'partially_fulfilled'])[1 + (i % 4)], ? + i * INTERVAL '20 seconds',"
                + " ? + i * INTERVAL '20 seconds' + INTERVAL '1 day' FROM generate_series(1, ?) AS i",
                ts(T0), ts(T0), rows);
        for (String table : List.of("operation", "data_request")) {
            jdbc.update("INSERT INTO " + table + "_count (partner_id, environment, status, n)"
                    + " SELECT partner_id, environment, status, COUNT(*) FROM " + table + "_view GROUP BY 1, 2, 3");
            jdbc.execute("ANALYZE " + table + "_view");
            jdbc.execute("ANALYZE " + table + "_count");
        }
    }

    /** The count the lists had before the maintained totals: {@code COUNT(*)} with every filter. */
    private static long count(JdbcTemplate jdbc, String table, Object query, Instant now) {
        Instant from;
        com.m2m.domain.common.TimeBound to;
        String status;
        String referenceId;
        String linkId;
        String userId = null;
        if (query instanceof OperationListQuery operations) {
            from = operations.from();
            to = operations.to();
            status = operations.status() == null ? null : operations.status().wireName();
            referenceId = operations.referenceId();
            userId = operations.userId();
            linkId = operations.linkId();
        } else {
            DataRequestListQuery requests = (DataRequestListQuery) query;
            from = requests.from();
            to = requests.to();
            status = requests.status() == null ? null : requests.status().wireName();
            referenceId = requests.referenceId();
            linkId = requests.linkId();
        }
        return count(jdbc, table, ACME, from, to, status, referenceId, userId, linkId, now);
    }

    private static long count(JdbcTemplate jdbc, String table, Tenant tenant, Instant from,
                              com.m2m.domain.common.TimeBound to, String status, String referenceId, String userId,
                              String linkId, Instant now) {
        StringBuilder where = new StringBuilder(" WHERE partner_id = ? AND environment = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.partnerId(), tenant.environment().wireName()));
        if (from != null) {
            where.append(" AND created_at >= ?");
            args.add(ts(from));
        }
        if (to != null) {
            where.append(" AND ").append(to.upperBoundSql("created_at"));
            args.add(ts(to.at()));
        }
        if (status != null) {
            if (table.equals("data_request_view") && status.equals("expired")) {
                where.append(" AND status IN ('pending', 'partially_fulfilled') AND expires_at <= ?");
                args.add(ts(now));
            } else if (table.equals("data_request_view") && !status.equals("fulfilled")) {
                where.append(" AND status = ? AND expires_at > ?");
                args.add(status);
                args.add(ts(now));
            } else {
                where.append(" AND status = ?");
                args.add(status);
            }
        }
        for (String[] filter : new String[][]{{"reference_id", referenceId}, {"user_id", userId},
                {"link_id", linkId}}) {
            if (filter[1] != null) {
                where.append(" AND ").append(filter[0]).append(" = ?");
                args.add(filter[1]);
            }
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + where, Long.class, args.toArray());
        return total == null ? 0 : total;
    }

    // ------------------------------------------------------------------ totals

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void maintainedTotalsEqualCountAfterAMixedHistoryAndAReplay(String database) {
        JdbcTemplate jdbc = DATABASES.jdbc(database);
        MutableClock clock = new MutableClock(T0);
        OperationViewProjection operationView = new OperationViewProjection(jdbc);
        DataRequestProjection dataRequestView = new DataRequestProjection(jdbc, clock);
        Runnable history = () -> {
            for (int round = 0; round < 2; round++) { // the second round re-delivers every event
                for (int i = 0; i < 40; i++) {
                    Tenant tenant = i % 4 == 0 ? OTHER : ACME;
                    Instant at = T0.plusSeconds(i * 60L);
                    String op = "op_" + i;
                    String user = "user_" + (i % 7);
                    String reference = "ref-" + (i % 7);
                    String link = "link_" + i;
                    operationView.on(new OperationCreatedEvent(op, user, link, tenant.partnerId(),
                            tenant.environment(), reference, "quote_" + i,
                            new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1700.00"),
                                    new BigDecimal("17"), new BigDecimal("1.00"), "USD", "MXN"),
                            null, null, at));
                    switch (i % 5) {
                        case 1 -> operationView.on(new OperationProcessingEvent(op, user, link, tenant.partnerId(),
                                tenant.environment(), reference, at.plusSeconds(1)));
                        case 2 -> {
                            operationView.on(new OperationProcessingEvent(op, user, link, tenant.partnerId(),
                                    tenant.environment(), reference, at.plusSeconds(1)));
                            operationView.on(new OperationCompletedEvent(op, user, link, tenant.partnerId(),
                                    tenant.environment(), reference, at.plusSeconds(2)));
                        }
                        case 3 -> operationView.on(new OperationFailedEvent(op, user, link, tenant.partnerId(),
                                tenant.environment(), reference, "rejected", at.plusSeconds(2)));
                        case 4 -> operationView.on(new OperationCancelledEvent(op, user, link, tenant.partnerId(),
                                tenant.environment(), reference, "user", at.plusSeconds(2)));
                        default -> {
                        }
                    }
                    String request = "dr_" + i;
                    Duration lifetime = i % 3 == 0 ? Duration.ofMinutes(30) : Duration.ofDays(1);
                    dataRequestView.on(new DataRequestOpenedEvent(user, request, link, tenant.partnerId(),
                            tenant.environment(), reference, List.of(UserField.FIRST_NAME, UserField.ID_NUMBER),
                            at.plus(lifetime), at));
                    if (i % 4 == 1 || i % 4 == 2) {
                        dataRequestView.on(new DataRequestPartiallyFulfilledEvent(user, request, link,
                                List.of(UserField.ID_NUMBER), at.plusSeconds(3)));
                    }
                    if (i % 4 == 2 || i % 4 == 3) {
                        dataRequestView.on(new DataRequestFulfilledEvent(user, request, link,
                                FieldSource.PARTNER_API, at.plusSeconds(4)));
                    }
                }
            }
        };
        history.run();
        clock.set(T0.plus(Duration.ofHours(2)));
        assertTotals(jdbc, operationView, dataRequestView, clock.instant());

        operationView.reset();
        dataRequestView.reset();
        history.run();
        assertTotals(jdbc, operationView, dataRequestView, clock.instant());
    }

    private static void assertTotals(JdbcTemplate jdbc, OperationViewProjection operationView,
                                     DataRequestProjection dataRequestView, Instant now) {
        for (String table : List.of("operation", "data_request")) {
            assertThat(jdbc.queryForList("SELECT partner_id, environment, status, n FROM " + table + "_count"
                    + " WHERE n <> 0 ORDER BY 1, 2, 3"))
                    .as(table).isEqualTo(jdbc.queryForList("SELECT partner_id, environment, status, COUNT(*) AS n"
                            + " FROM " + table + "_view GROUP BY partner_id, environment, status ORDER BY 1, 2, 3"))
                    .isNotEmpty();
        }
        for (Tenant tenant : List.of(ACME, OTHER)) {
            for (String status : new String[]{null, "created", "processing", "completed", "failed", "cancelled"}) {
                assertThat(operationView.list(tenant, OperationListQuery.parse(null, null, null, null, status, null,
                        null, null)).pagination().total()).as("operations %s %s", tenant, status)
                        .isEqualTo(count(jdbc, "operation_view", tenant, null, null, status, null, null, null, now));
            }
            for (String status : new String[]{null, "pending", "partially_fulfilled", "fulfilled", "expired"}) {
                assertThat(dataRequestView.list(tenant, DataRequestListQuery.parse(null, null, null, null, status,
                        null, null)).pagination().total()).as("data requests %s %s", tenant, status)
                        .isEqualTo(count(jdbc, "data_request_view", tenant, null, null, status, null, null, null,
                                now));
            }
        }
    }
}

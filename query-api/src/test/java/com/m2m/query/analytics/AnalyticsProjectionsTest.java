package com.m2m.query.analytics;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst projections driven by events, queried on H2 and on a real PostgreSQL (the percentiles are ordered-set
 * aggregates; both databases must answer the same exact values).
 */
class AnalyticsProjectionsTest {

    private static final Instant DAY1 = Instant.parse("2026-02-10T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-02-11T23:59:59.999Z");

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("query");

    private JdbcTemplate jdbc;
    private MutableClock clock;
    private FunnelAnalyticsProjection funnel;
    private UserStateAnalyticsProjection users;
    private DataRequestAnalyticsProjection dataRequests;
    private OperationAnalyticsProjection operations;

    private void on(String database) {
        jdbc = DATABASES.jdbc(database);
        clock = new MutableClock(DAY2.plus(Duration.ofDays(1)));
        funnel = new FunnelAnalyticsProjection(jdbc, clock);
        users = new UserStateAnalyticsProjection(jdbc);
        dataRequests = new DataRequestAnalyticsProjection(jdbc, clock);
        operations = new OperationAnalyticsProjection(jdbc);
    }

    private LinkCreatedEvent created(String partner, Environment environment, String linkId, Instant at) {
        LinkCreatedEvent event = new LinkCreatedEvent(linkId, "user_" + linkId, partner, environment, "ref-" + linkId,
                "hash", new LinkOptions(Map.of(), "m2m-basic", null, null, null), at.plus(Duration.ofHours(1)), at);
        funnel.on(event);
        return event;
    }

    private void opened(LinkCreatedEvent link, long afterMillis) {
        funnel.on(new LinkOpenedEvent(link.linkId(), link.userId(), link.partnerId(), link.environment(),
                link.referenceId(), DeviceInfo.UNKNOWN, link.createdAt().plusMillis(afterMillis)));
    }

    private void completed(LinkCreatedEvent link, long afterMillis) {
        funnel.on(new LinkFlowStartedEvent(link.linkId(), link.userId(), link.partnerId(), link.environment(),
                link.referenceId(), link.createdAt().plusMillis(afterMillis - 1)));
        funnel.on(new LinkCompletedEvent(link.linkId(), link.userId(), link.partnerId(), link.environment(),
                link.referenceId(), "op_" + link.linkId(), link.createdAt().plusMillis(afterMillis)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void funnelCountsEachDayAndRanksExactPercentiles(String database) {
        on(database);
        // Day 1: ten links opened after 1..10 s (nearest rank: p50 = 5 s, p90 = 9 s), three of them completed.
        for (int i = 1; i <= 10; i++) {
            LinkCreatedEvent link = created("acme", Environment.SANDBOX, "l" + i, DAY1.plusSeconds(i));
            opened(link, i * 1000L);
            opened(link, i * 1000L + 5);   // a repeated event changes nothing
            if (i <= 3) {
                completed(link, i * 60_000L + 250);
            }
        }
        // Day 2 (the last millisecond of the UTC day): one revoked, one expired early, one whose time ran out unrecorded.
        LinkCreatedEvent revoked = created("acme", Environment.SANDBOX, "r1", DAY2);
        funnel.on(new LinkRevokedEvent("r1", revoked.userId(), "acme", Environment.SANDBOX, "ref-r1", "x", DAY2.plusSeconds(1)));
        funnel.on(new LinkExpiredEvent("r1", revoked.userId(), "acme", Environment.SANDBOX, "ref-r1", DAY2, DAY2));
        LinkCreatedEvent expired = created("acme", Environment.SANDBOX, "e1", DAY2);
        funnel.on(new LinkExpiredEvent("e1", expired.userId(), "acme", Environment.SANDBOX, "ref-e1", DAY2, DAY2));
        created("acme", Environment.SANDBOX, "t1", DAY2);
        // Other partner and other environment.
        created("other", Environment.SANDBOX, "o1", DAY1);
        created("acme", Environment.LIVE, "v1", DAY1);

        FunnelReport report = funnel.funnel(AnalyticsFilter.parse("acme", "sandbox", null, null));
        assertThat(report.days()).extracting(FunnelReport.Day::day).containsExactly("2026-02-10", "2026-02-11");
        FunnelReport.Day day1 = report.days().get(0);
        assertThat(List.of(day1.created(), day1.opened(), day1.inProgress(), day1.completed(), day1.expired(),
                day1.revoked())).as("the 7 not completed ran out of time by now").containsExactly(10L, 10L, 3L, 3L, 7L, 0L);
        assertThat(day1.conversion()).isEqualByComparingTo("0.3");
        assertThat(day1.timeToOpen()).isEqualTo(new Percentiles(new BigDecimal("5.000"), new BigDecimal("9.000"), 10));
        assertThat(day1.timeToComplete()).isEqualTo(
                new Percentiles(new BigDecimal("120.250"), new BigDecimal("180.250"), 3));
        FunnelReport.Day day2 = report.days().get(1);
        assertThat(List.of(day2.created(), day2.opened(), day2.completed(), day2.expired(), day2.revoked()))
                .as("the unrecorded expiry counts, the revoked link stays revoked").containsExactly(3L, 0L, 0L, 2L, 1L);
        assertThat(day2.timeToOpen()).isEqualTo(Percentiles.NONE);
        assertThat(report.totals().created()).isEqualTo(13);
        assertThat(report.totals().conversion()).isEqualByComparingTo("0.2308");
        assertThat(report.totals().timeToOpen().p90Seconds()).isEqualByComparingTo("9");

        assertThat(funnel.funnel(AnalyticsFilter.all()).totals().created()).isEqualTo(15);
        assertThat(funnel.funnel(AnalyticsFilter.parse(null, "live", null, null)).totals().created()).isEqualTo(1);
        assertThat(funnel.funnel(AnalyticsFilter.parse("acme", "sandbox", "2026-02-11", "2026-02-11")).days())
                .extracting(FunnelReport.Day::day).containsExactly("2026-02-11");
        assertThat(funnel.funnel(AnalyticsFilter.parse("acme", null, null, "2026-02-10T10:00:05Z")).totals().created())
                .as("an instant bound is inclusive").isEqualTo(6);
        FunnelReport none = funnel.funnel(AnalyticsFilter.parse("nobody", null, null, null));
        assertThat(none.days()).isEmpty();
        assertThat(none.totals().conversion()).isNull();

        funnel.reset();
        assertThat(funnel.funnel(AnalyticsFilter.all()).totals().created()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void percentilesAreTheNearestRankOnEveryDatabase(String database) {
        on(database);
        // One day per sample size 1..7, durations shuffled: p50 and p90 must be the values at ceil(0.5 n), ceil(0.9 n).
        long[] durations = {554, 117, 423, 195, 363, 321, 999};
        for (int n = 1; n <= 7; n++) {
            Instant day = DAY1.plus(Duration.ofDays(n));
            for (int i = 0; i < n; i++) {
                opened(created("acme", Environment.SANDBOX, "n" + n + "-" + i, day.plusSeconds(i)), durations[i]);
            }
        }
        List<FunnelReport.Day> days = funnel.funnel(AnalyticsFilter.all()).days();
        assertThat(days).hasSize(7);
        for (int n = 1; n <= 7; n++) {
            List<Long> sorted = java.util.Arrays.stream(durations, 0, n).sorted().boxed().toList();
            Percentiles p = days.get(n - 1).timeToOpen();
            assertThat(p.samples()).isEqualTo(n);
            assertThat(p.p50Seconds()).as("p50 of " + sorted)
                    .isEqualTo(BigDecimal.valueOf(sorted.get((int) Math.ceil(n * 0.5) - 1), 3));
            assertThat(p.p90Seconds()).as("p90 of " + sorted)
                    .isEqualTo(BigDecimal.valueOf(sorted.get((int) Math.ceil(n * 0.9) - 1), 3));
        }
        assertThat(days.get(5).timeToOpen().p90Seconds()).as("six values: the sixth").isEqualByComparingTo("0.554");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void usersByStateListEveryState(String database) {
        on(database);
        users.on(new UserCreatedEvent("u1", "acme", Environment.SANDBOX, "r1", List.of(), DAY1));
        users.on(new UserCreatedEvent("u1", "acme", Environment.SANDBOX, "r1", List.of(), DAY1));
        users.on(new UserCreatedEvent("u2", "acme", Environment.SANDBOX, "r2", List.of(), DAY1));
        users.on(new UserCreatedEvent("u3", "other", Environment.SANDBOX, "r3", List.of(), DAY2));
        users.on(new UserStatusChangedEvent("u2", UserStatus.PENDING, UserStatus.DATA_COMPLETE, List.of(), DAY1));
        users.on(new UserStatusChangedEvent("u2", UserStatus.DATA_COMPLETE, UserStatus.CIP_FAILED, List.of(), DAY1));

        UserStatesReport acme = users.states(AnalyticsFilter.parse("acme", null, null, null));
        assertThat(acme.states()).containsExactly(Map.entry("pending", 1L), Map.entry("data_incomplete", 0L),
                Map.entry("data_complete", 0L), Map.entry("cip_pending", 0L), Map.entry("cip_verified", 0L),
                Map.entry("cip_failed", 1L));
        assertThat(acme.total()).isEqualTo(2);
        assertThat(users.states(AnalyticsFilter.all()).states().get("pending")).isEqualTo(2);
        assertThat(users.states(AnalyticsFilter.parse(null, null, "2026-02-11", null)).total()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void dataRequestsByOutcomeAndAnswerTime(String database) {
        on(database);
        List<UserField> fields = List.of(UserField.DOB);
        for (String id : List.of("d1", "d2", "d3", "d4", "d5")) {
            dataRequests.on(new DataRequestOpenedEvent("u-" + id, id, "link-" + id, "acme", Environment.SANDBOX,
                    "r-" + id, fields, DAY1.plus(Duration.ofHours(1)), DAY1));
        }
        // d1: answered in full after 30 s; d2: answered in part after 10 s, then in full; d3: fulfilled by the widget
        // (never answered); d4: its link was revoked; d5: still pending.
        dataRequests.on(new DataRequestFulfilledEvent("u-d1", "d1", "link-d1", FieldSource.PARTNER_WEBHOOK, DAY1.plusSeconds(30)));
        dataRequests.on(new DataRequestPartiallyFulfilledEvent("u-d2", "d2", "link-d2", fields, DAY1.plusSeconds(10)));
        dataRequests.on(new DataRequestFulfilledEvent("u-d2", "d2", "link-d2", FieldSource.PARTNER_WEBHOOK, DAY1.plusSeconds(99)));
        dataRequests.on(new DataRequestFulfilledEvent("u-d3", "d3", "link-d3", FieldSource.WIDGET, DAY1.plusSeconds(5)));
        dataRequests.on(new LinkRevokedEvent("link-d4", "u-d4", "acme", Environment.SANDBOX, "r-d4", "x", DAY1.plusSeconds(1)));
        clock.set(DAY1.plusSeconds(60));

        DataRequestReport report = dataRequests.report(AnalyticsFilter.parse("acme", "sandbox", null, null));
        assertThat(report).isEqualTo(new DataRequestReport(5, 1, 0, 3, 1, 2,
                new Percentiles(new BigDecimal("10.000"), new BigDecimal("30.000"), 2)));

        clock.set(DAY1.plus(Duration.ofHours(2)));
        assertThat(dataRequests.report(AnalyticsFilter.all()).expired()).as("d5's time ran out").isEqualTo(2);
        assertThat(dataRequests.report(AnalyticsFilter.parse("other", null, null, null)).answerTime())
                .isEqualTo(Percentiles.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void operationVolumesAreExactDecimalsByCorridorAndStatus(String database) {
        on(database);
        operation("o1", "MXN", "0.10", "1.73", DAY1);
        operation("o2", "MXN", "0.20", "3.45", DAY1);
        operation("o3", "MXN", "2999.00", "51732.75", DAY1);
        operation("o4", "GTQ", "100.00", "775.00", DAY2);
        operations.on(new OperationProcessingEvent("o1", "u", "l", "acme", Environment.SANDBOX, "r", DAY1));
        operations.on(new OperationCompletedEvent("o1", "u", "l", "acme", Environment.SANDBOX, "r", DAY1));
        operations.on(new OperationCompletedEvent("o2", "u", "l", "acme", Environment.SANDBOX, "r", DAY1));
        operations.on(new OperationFailedEvent("o3", "u", "l", "acme", Environment.SANDBOX, "r", "account_closed", DAY1));
        operations.on(new OperationProcessingEvent("o1", "u", "l", "acme", Environment.SANDBOX, "r", DAY1));

        assertThat(operations.volumes(AnalyticsFilter.parse("acme", null, null, null)).items()).containsExactly(
                new OperationVolumes.Item("USD-GTQ", "created", 1, "100.00", "775.00"),
                new OperationVolumes.Item("USD-MXN", "completed", 2, "0.30", "5.18"),
                new OperationVolumes.Item("USD-MXN", "failed", 1, "2999.00", "51732.75"));
        assertThat(operations.volumes(AnalyticsFilter.parse(null, null, "2026-02-11", null)).items())
                .extracting(OperationVolumes.Item::corridor).containsExactly("USD-GTQ");
    }

    private void operation(String id, String destination, String send, String receive, Instant at) {
        OperationAmount amount = new OperationAmount(new BigDecimal(send), new BigDecimal(receive),
                new BigDecimal("17.25"), new BigDecimal("3.99"), "USD", destination);
        operations.on(new OperationCreatedEvent(id, "u", "l", "acme", Environment.SANDBOX, "r", "q", amount, null,
                null, at));
    }

    @Test
    void badFiltersNameTheParameter() {
        assertRefusedNaming("partnerId", () -> AnalyticsFilter.parse("Acme!", null, null, null));
        assertRefusedNaming("environment", () -> AnalyticsFilter.parse(null, "prod", null, null));
        assertRefusedNaming("from", () -> AnalyticsFilter.parse(null, null, "yesterday", null));
        assertRefusedNaming("to", () -> AnalyticsFilter.parse(null, null, null, "2026-13-01"));
        assertRefusedNaming("from", () -> AnalyticsFilter.parse(null, null, "2026-02-12", "2026-02-11"));
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst endpoints over HTTP, against what the test itself created ({@link AnalyticsScenario}): every count,
 * percentile and volume is recomputed here from the partner API's own answers (link, user, data-request and operation
 * details) and from the scenario's script, and must match exactly.
 */
@AnalystPlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest {

    @LocalServerPort
    int port;

    ApiClient api;
    WebhookReceiver receiver;
    AnalyticsScenario scenario;

    @BeforeAll
    void buildScenario() {
        api = new ApiClient(port);
        receiver = new WebhookReceiver();
        scenario = AnalyticsScenario.build(api, receiver);
    }

    @AfterAll
    void close() {
        receiver.close();
    }

    JsonNode analytics(String path) {
        ApiClient.Response response = api.get(path).bearer(AnalystPlatformTest.ANALYST).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data();
    }

    String mine() {
        return "partnerId=" + scenario.partnerId + "&environment=sandbox";
    }

    JsonNode partner(String path) {
        ApiClient.Response response = api.get(path).key(scenario.key).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data();
    }

    // ---------------------------------------------------------------- funnel

    /** What the funnel must say about one group of links, recomputed from the links' partner views. */
    record ExpectedCounts(long created, long opened, long inProgress, long completed, long expired, long revoked,
                          List<Long> openMillis, List<Long> completeMillis) {
    }

    ExpectedCounts expectedFunnel(List<String> references) {
        long opened = 0, inProgress = 0, completed = 0, expired = 0, revoked = 0;
        List<Long> open = new ArrayList<>();
        List<Long> complete = new ArrayList<>();
        for (String reference : references) {
            String linkId = scenario.links.get(reference);
            JsonNode link = partner("/partner/links/" + linkId);
            List<String> activity = partner("/partner/links/" + linkId + "/activity").findValuesAsText("type");
            Instant createdAt = Instant.parse(link.get("createdAt").asText());
            String status = link.get("status").asText();
            if (link.hasNonNull("openedAt")) {
                opened++;
                open.add(Duration.between(createdAt, Instant.parse(link.get("openedAt").asText())).toMillis());
            }
            if (activity.contains("flow_started") || status.equals("completed")) {
                inProgress++;
            }
            if (status.equals("completed")) {
                completed++;
                complete.add(Duration.between(createdAt, Instant.parse(link.get("completedAt").asText())).toMillis());
            }
            expired += status.equals("expired") ? 1 : 0;
            revoked += status.equals("revoked") ? 1 : 0;
        }
        return new ExpectedCounts(references.size(), opened, inProgress, completed, expired, revoked, open, complete);
    }

    static void assertCounts(JsonNode actual, ExpectedCounts expected) {
        assertThat(List.of(actual.get("created").asLong(), actual.get("opened").asLong(),
                actual.get("inProgress").asLong(), actual.get("completed").asLong(), actual.get("expired").asLong(),
                actual.get("revoked").asLong())).as(actual.toString()).containsExactly(expected.created(),
                expected.opened(), expected.inProgress(), expected.completed(), expected.expired(), expected.revoked());
        assertThat(actual.get("conversion").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(expected.completed())
                .divide(BigDecimal.valueOf(expected.created()), 4, java.math.RoundingMode.HALF_UP));
        assertPercentiles(actual.get("timeToOpen"), expected.openMillis());
        assertPercentiles(actual.get("timeToComplete"), expected.completeMillis());
    }

    /** Nearest rank, computed here: the value at position ceil(p × n) of the sorted durations. */
    static void assertPercentiles(JsonNode actual, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        assertThat(actual.get("samples").asLong()).isEqualTo(sorted.size());
        if (sorted.isEmpty()) {
            assertThat(actual.get("p50Seconds").isNull()).isTrue();
            assertThat(actual.get("p90Seconds").isNull()).isTrue();
            return;
        }
        assertThat(actual.get("p50Seconds").decimalValue()).as(actual + " of " + sorted)
                .isEqualByComparingTo(BigDecimal.valueOf(nearestRank(sorted, 5), 3));
        assertThat(actual.get("p90Seconds").decimalValue()).as(actual + " of " + sorted)
                .isEqualByComparingTo(BigDecimal.valueOf(nearestRank(sorted, 9), 3));
    }

    static long nearestRank(List<Long> sorted, int tenths) {
        int rank = (tenths * sorted.size() + 9) / 10;   // ceil(tenths / 10 × n), in integers
        return sorted.get(rank - 1);
    }

    @Test
    void theFunnelCountsEveryLinkByDayAndInTotal() {
        JsonNode funnel = analytics("/analytics/funnel?granularity=day&" + mine());
        assertThat(funnel.get("granularity").asText()).isEqualTo("day");

        // The script: 10 sandbox links; 6 opened in the widget, 5 of them acted on, 3 completed; 1 expired, 1 revoked.
        JsonNode totals = funnel.get("totals");
        assertThat(List.of(totals.get("created").asInt(), totals.get("opened").asInt(), totals.get("inProgress").asInt(),
                totals.get("completed").asInt(), totals.get("expired").asInt(), totals.get("revoked").asInt()))
                .containsExactly(10, 6, 5, 3, 1, 1);
        assertThat(totals.get("conversion").decimalValue()).isEqualByComparingTo("0.3");
        assertCounts(totals, expectedFunnel(AnalyticsScenario.SANDBOX_REFERENCES));

        // Per UTC day of creation (one day, or two if the test ran across midnight).
        Map<String, List<String>> byDay = new TreeMap<>();
        for (String reference : AnalyticsScenario.SANDBOX_REFERENCES) {
            Instant createdAt = Instant.parse(partner("/partner/links/" + scenario.links.get(reference))
                    .get("createdAt").asText());
            byDay.computeIfAbsent(LocalDate.ofInstant(createdAt, ZoneOffset.UTC).toString(), d -> new ArrayList<>())
                    .add(reference);
        }
        assertThat(funnel.get("days").findValuesAsText("day")).containsExactlyElementsOf(byDay.keySet());
        for (JsonNode day : funnel.get("days")) {
            assertCounts(day, expectedFunnel(byDay.get(day.get("day").asText())));
        }
    }

    @Test
    void everyQueryIsFilteredByPartnerEnvironmentAndTime() {
        String partner = "partnerId=" + scenario.partnerId;
        assertThat(analytics("/analytics/funnel?" + partner).at("/totals/created").asInt()).as("both environments")
                .isEqualTo(11);
        assertThat(analytics("/analytics/funnel?" + partner + "&environment=live").at("/totals/created").asInt())
                .isEqualTo(1);
        assertThat(analytics("/analytics/funnel").at("/totals/created").asInt()).as("all partners")
                .isGreaterThanOrEqualTo(11);
        assertThat(analytics("/analytics/users/states?" + partner + "&environment=live").get("total").asInt())
                .isEqualTo(1);
        assertThat(analytics("/analytics/data-requests?" + partner + "&environment=live").get("opened").asInt())
                .as("no webhook endpoint in live: nobody to ask for a-live's data").isZero();
        assertThat(analytics("/analytics/operations?" + partner + "&environment=live").get("items")).isEmpty();

        Instant first = Instant.parse(partner("/partner/links/" + scenario.links.get("a-created")).get("createdAt").asText());
        String dayBefore = LocalDate.ofInstant(first, ZoneOffset.UTC).minusDays(1).toString();
        String dayAfter = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC).plusDays(1).toString();
        for (String path : List.of("/analytics/funnel", "/analytics/users/states", "/analytics/data-requests",
                "/analytics/operations")) {
            JsonNode before = analytics(path + "?" + mine() + "&to=" + dayBefore);
            JsonNode after = analytics(path + "?" + mine() + "&from=" + dayAfter);
            for (JsonNode empty : List.of(before, after)) {
                switch (path) {
                    case "/analytics/funnel" -> assertThat(empty.get("days")).isEmpty();
                    case "/analytics/users/states" -> assertThat(empty.get("total").asInt()).isZero();
                    case "/analytics/data-requests" -> assertThat(empty.get("opened").asInt()).isZero();
                    default -> assertThat(empty.get("items")).isEmpty();
                }
            }
        }
        // An instant bound is inclusive: up to the first link's creation, exactly that link.
        assertThat(analytics("/analytics/funnel?" + mine() + "&to=" + first).at("/totals/created").asInt()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- users, data requests, operations

    @Test
    void usersByStateListEveryStateWithZeros() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String state : List.of("pending", "data_incomplete", "data_complete", "cip_pending", "cip_verified",
                "cip_failed")) {
            expected.put(state, 0);
        }
        for (String reference : AnalyticsScenario.SANDBOX_REFERENCES) {
            expected.merge(partner("/partner/users/" + reference).get("status").asText(), 1, Integer::sum);
        }
        assertThat(expected).as("the script").containsExactly(Map.entry("pending", 1), Map.entry("data_incomplete", 3),
                Map.entry("data_complete", 1), Map.entry("cip_pending", 0), Map.entry("cip_verified", 4),
                Map.entry("cip_failed", 1));

        JsonNode states = analytics("/analytics/users/states?" + mine());
        Map<String, Integer> actual = new LinkedHashMap<>();
        states.get("states").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asInt()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(states.get("total").asInt()).isEqualTo(10);
    }

    @Test
    void dataRequestsByOutcomeWithAnswerTimes() {
        Map<String, Integer> byStatus = new TreeMap<>();
        List<Long> answerMillis = new ArrayList<>();
        for (JsonNode request : partner("/partner/data-requests?limit=100").get("items")) {
            byStatus.merge(request.get("status").asText(), 1, Integer::sum);
            Instant answered = scenario.firstAnswers.get(request.get("dataRequestId").asText());
            if (answered != null) {
                answerMillis.add(Duration.between(Instant.parse(request.get("createdAt").asText()), answered).toMillis());
            }
        }
        assertThat(byStatus).as("the script").containsExactly(Map.entry("expired", 2), Map.entry("fulfilled", 1),
                Map.entry("partially_fulfilled", 1), Map.entry("pending", 1));
        assertThat(answerMillis).hasSize(2);

        JsonNode report = analytics("/analytics/data-requests?" + mine());
        assertThat(report.get("opened").asInt()).isEqualTo(5);
        assertThat(report.get("pending").asInt()).isEqualTo(byStatus.get("pending"));
        assertThat(report.get("partiallyFulfilled").asInt()).isEqualTo(byStatus.get("partially_fulfilled"));
        assertThat(report.get("fulfilled").asInt()).isEqualTo(byStatus.get("fulfilled"));
        assertThat(report.get("expired").asInt()).isEqualTo(byStatus.get("expired"));
        assertThat(report.get("answered").asInt()).isEqualTo(2);
        assertPercentiles(report.get("answerTime"), answerMillis);
    }

    @Test
    void operationVolumesByCorridorAndStatusAreExactDecimals() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal[]> volumes = new TreeMap<>();
        for (JsonNode operation : partner("/partner/operations?limit=100").get("items")) {
            String key = operation.at("/amount/currency/source").asText() + "-"
                    + operation.at("/amount/currency/destination").asText() + " " + operation.get("status").asText();
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            BigDecimal[] sums = volumes.computeIfAbsent(key, k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(operation.at("/amount/send").decimalValue());
            sums[1] = sums[1].add(operation.at("/amount/receive").decimalValue());
        }
        assertThat(counts.keySet()).as("the script")
                .containsExactly("USD-GTQ completed", "USD-MXN completed", "USD-MXN failed");

        ApiClient.Response response = api.get("/analytics/operations?" + mine()).bearer(AnalystPlatformTest.ANALYST).send();
        JsonNode items = response.data().get("items");
        assertThat(items).hasSize(3);
        int i = 0;
        for (Map.Entry<String, long[]> expected : counts.entrySet()) {
            JsonNode item = items.get(i++);
            assertThat(item.get("corridor").asText() + " " + item.get("status").asText()).isEqualTo(expected.getKey());
            assertThat(item.get("count").asLong()).isEqualTo(expected.getValue()[0]);
            assertThat(item.get("sendVolume").isTextual()).as("a decimal string").isTrue();
            assertThat(new BigDecimal(item.get("sendVolume").asText()))
                    .isEqualByComparingTo(volumes.get(expected.getKey())[0]);
            assertThat(new BigDecimal(item.get("receiveVolume").asText()))
                    .isEqualByComparingTo(volumes.get(expected.getKey())[1]);
        }
        assertThat(response.raw().body()).contains("\"corridor\":\"USD-MXN\",\"status\":\"completed\",\"count\":1,"
                + "\"sendVolume\":\"100.00\",\"receiveVolume\":\"1725.00\"");
        assertThat(response.raw().body()).contains("\"sendVolume\":\"40.25\",\"receiveVolume\":\"311.94\"");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void badParametersAre400NamingTheField() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/analytics/funnel?granularity=week", "granularity");
        cases.put("/analytics/funnel?partnerId=Not_A_Slug", "partnerId");
        cases.put("/analytics/users/states?environment=prod", "environment");
        cases.put("/analytics/data-requests?from=yesterday", "from");
        cases.put("/analytics/operations?to=2026-13-40", "to");
        cases.put("/analytics/operations?from=2026-02-12&to=2026-02-11", "from");
        cases.forEach((path, field) -> {
            ApiClient.Response refused = api.get(path).bearer(AnalystPlatformTest.ANALYST).send();
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body().get("success").asBoolean()).isFalse();
            assertThat(refused.errorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(refused.body().at("/error/field").asText()).as(path).isEqualTo(field);
        });
    }

    @Test
    void onlyTheAnalystRoleReadsAnalytics() {
        for (String path : List.of("/analytics/funnel", "/analytics/users/states", "/analytics/data-requests",
                "/analytics/operations")) {
            for (ApiClient.Response partnerKey : List.of(api.get(path).key(scenario.key).send(),
                    api.get(path).bearer(scenario.key).send())) {
                assertThat(partnerKey.status()).as(path + " with a partner key").isIn(401, 403);
                assertThat(partnerKey.body().get("success").asBoolean()).isFalse();
                assertThat(partnerKey.errorCode()).isNotBlank();
                assertThat(partnerKey.raw().body()).doesNotContain("\"totals\"", "\"states\"", "\"items\"");
            }
            for (String wrongRole : List.of(AnalystPlatformTest.SUPPORT, AnalystPlatformTest.OPERATOR)) {
                ApiClient.Response refused = api.get(path).bearer(wrongRole).send();
                assertThat(refused.status()).as(path).isEqualTo(403);
                assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
            }
            assertThat(api.get(path).bearer(AnalystPlatformTest.ANALYST).send().status()).isEqualTo(200);
        }
        assertThat(api.get("/admin/projections").bearer(AnalystPlatformTest.ANALYST).send().status())
                .as("an analyst is no operator").isEqualTo(403);
    }
}

package com.m2m.query.datarequest;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestOwner;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FindDataRequestOwnerQuery;
import com.m2m.domain.user.UserField;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.query.testing.QueryDatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static com.m2m.query.testing.PagingAssertions.assertTwentyFiveInPagesOfTen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class DataRequestProjectionTest extends QueryDatabaseTest {

    private static final List<UserField> REQUIRED = List.of(UserField.FIRST_NAME, UserField.ID_NUMBER, UserField.DOB);

    private final DataRequestProjection requests = new DataRequestProjection(db.jdbc(), clock);

    private static String userId(Tenant tenant, String referenceId) {
        return Identifiers.userId(tenant.partnerId(), tenant.environment(), referenceId);
    }

    private DataRequestOpenedEvent opened(Tenant tenant, String dataRequestId, String linkId, String referenceId,
                                          Instant at, Duration lifetime) {
        return new DataRequestOpenedEvent(userId(tenant, referenceId), dataRequestId, linkId, tenant.partnerId(),
                tenant.environment(), referenceId, REQUIRED, at.plus(lifetime), at);
    }

    private DataRequestOpenedEvent open(Tenant tenant, String dataRequestId, String linkId, String referenceId,
                                        Instant at) {
        DataRequestOpenedEvent event = opened(tenant, dataRequestId, linkId, referenceId, at, Duration.ofHours(1));
        requests.on(event);
        return event;
    }

    /** acme's request dr_acme_{n}, opened on its link link_acme_{n}. */
    private void openNumbered(int n, String referenceId, String createdAt) {
        open(ACME, "dr_acme_" + n, "link_acme_" + n, referenceId, Instant.parse(createdAt));
    }

    private DataRequestListQuery query(String page, String limit, String from, String to, String status,
                                       String referenceId, String linkId) {
        return DataRequestListQuery.parse(page, limit, from, to, status, referenceId, linkId);
    }

    private static List<String> ids(Page<DataRequestView> page) {
        return page.items().stream().map(DataRequestView::dataRequestId).toList();
    }

    private List<String> listIds(Tenant tenant, DataRequestListQuery query) {
        return ids(requests.list(tenant, query));
    }

    private DataRequestOwner owner(Tenant tenant, String dataRequestId) {
        return requests.handle(new FindDataRequestOwnerQuery(tenant.partnerId(), tenant.environment(),
                dataRequestId));
    }

    @Test
    void openedThenPartiallyFulfilledThenFulfilled() {
        DataRequestOpenedEvent event = open(ACME, "dr_acme_a1b2c3d4e5f6", "link_acme_a1b2c3d4e5f6", "user_12345", T0);

        DataRequestView pending = requests.get(ACME, "dr_acme_a1b2c3d4e5f6");
        assertThat(pending).isEqualTo(new DataRequestView("dr_acme_a1b2c3d4e5f6", "user_12345",
                "link_acme_a1b2c3d4e5f6", List.of("name.firstName", "idNumber", "dob"),
                List.of("name.firstName", "idNumber", "dob"), "pending", T0, T0.plusSeconds(3600), null));
        assertThat(requests.list(ACME, DataRequestListQuery.all(PageRequest.first(20))).items())
                .containsExactly(pending);

        requests.on(new DataRequestPartiallyFulfilledEvent(event.userId(), "dr_acme_a1b2c3d4e5f6",
                "link_acme_a1b2c3d4e5f6", List.of(UserField.DOB), T0.plusSeconds(60)));
        DataRequestView partial = requests.get(ACME, "dr_acme_a1b2c3d4e5f6");
        assertThat(partial.status()).isEqualTo("partially_fulfilled");
        assertThat(partial.requiredFields()).containsExactly("name.firstName", "idNumber", "dob");
        assertThat(partial.remainingFields()).containsExactly("dob");
        assertThat(partial.fulfilledAt()).isNull();

        requests.on(new DataRequestFulfilledEvent(event.userId(), "dr_acme_a1b2c3d4e5f6", "link_acme_a1b2c3d4e5f6",
                FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(120)));
        DataRequestView fulfilled = requests.get(ACME, "dr_acme_a1b2c3d4e5f6");
        assertThat(fulfilled).isEqualTo(new DataRequestView("dr_acme_a1b2c3d4e5f6", "user_12345",
                "link_acme_a1b2c3d4e5f6", List.of("name.firstName", "idNumber", "dob"), List.of(), "fulfilled", T0,
                T0.plusSeconds(3600), T0.plusSeconds(120)));
        assertThat(db.jdbc().queryForObject(
                "SELECT fulfilled_source FROM data_request_view WHERE data_request_id = ?", String.class,
                "dr_acme_a1b2c3d4e5f6")).isEqualTo("partner_webhook");

        // a fulfilled request stays fulfilled once its time is up
        clock.set(T0.plusSeconds(7200));
        assertThat(requests.get(ACME, "dr_acme_a1b2c3d4e5f6").status()).isEqualTo("fulfilled");
    }

    @Test
    void fulfilledDirectlyRecordsTheSource() {
        DataRequestOpenedEvent event = open(ACME, "dr_acme_000000000001", "link_acme_000000000001", "r1", T0);
        requests.on(new DataRequestFulfilledEvent(event.userId(), event.dataRequestId(), event.linkId(),
                FieldSource.WIDGET, T0.plusSeconds(30)));

        DataRequestView view = requests.get(ACME, event.dataRequestId());
        assertThat(view.status()).isEqualTo("fulfilled");
        assertThat(view.remainingFields()).isEmpty();
        assertThat(view.fulfilledAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(db.jdbc().queryForObject("SELECT fulfilled_source FROM data_request_view", String.class))
                .isEqualTo("widget");
    }

    @Test
    void anOpenRequestPastItsExpiryReadsAndFiltersAsExpired() {
        open(ACME, "dr_acme_pending", "link_acme_1", "r1", T0);
        DataRequestOpenedEvent partial = opened(ACME, "dr_acme_partial", "link_acme_2", "r2", T0.plusSeconds(1),
                Duration.ofMinutes(5));
        requests.on(partial);
        requests.on(new DataRequestPartiallyFulfilledEvent(partial.userId(), "dr_acme_partial", "link_acme_2",
                List.of(UserField.DOB), T0.plusSeconds(10)));
        DataRequestOpenedEvent done = opened(ACME, "dr_acme_fulfilled", "link_acme_3", "r3", T0.plusSeconds(2),
                Duration.ofMinutes(5));
        requests.on(done);
        requests.on(new DataRequestFulfilledEvent(done.userId(), "dr_acme_fulfilled", "link_acme_3",
                FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(20)));
        DataRequestOpenedEvent shortPending = opened(ACME, "dr_acme_short", "link_acme_4", "r4", T0.plusSeconds(3),
                Duration.ofMinutes(5));
        requests.on(shortPending);

        assertThat(listIds(ACME, query(null, null, null, null, "pending", null, null)))
                .containsExactly("dr_acme_short", "dr_acme_pending");
        assertThat(listIds(ACME, query(null, null, null, null, "partially_fulfilled", null, null)))
                .containsExactly("dr_acme_partial");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null))).isEmpty();

        // exactly at expiresAt (T0+1s+5min) the partially fulfilled request has expired; the short one not yet
        clock.set(T0.plusSeconds(301));
        assertThat(requests.get(ACME, "dr_acme_partial").status()).isEqualTo("expired");
        assertThat(requests.get(ACME, "dr_acme_partial").remainingFields()).containsExactly("dob");
        assertThat(requests.get(ACME, "dr_acme_short").status()).isEqualTo("pending");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null)))
                .containsExactly("dr_acme_partial");
        assertThat(listIds(ACME, query(null, null, null, null, "partially_fulfilled", null, null))).isEmpty();

        clock.set(T0.plusSeconds(303));
        assertThat(listIds(ACME, query(null, null, null, null, "pending", null, null)))
                .containsExactly("dr_acme_pending");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null)))
                .containsExactly("dr_acme_short", "dr_acme_partial");
        assertThat(listIds(ACME, query(null, null, null, null, "fulfilled", null, null)))
                .containsExactly("dr_acme_fulfilled");
        assertThat(requests.list(ACME, DataRequestListQuery.all(PageRequest.first(20))).items())
                .extracting(DataRequestView::dataRequestId, DataRequestView::status)
                .containsExactly(
                        tuple("dr_acme_short", "expired"),
                        tuple("dr_acme_fulfilled", "fulfilled"),
                        tuple("dr_acme_partial", "expired"),
                        tuple("dr_acme_pending", "pending"));

        clock.set(T0.plusSeconds(3600));
        assertThat(requests.get(ACME, "dr_acme_pending").status()).isEqualTo("expired");
        assertThat(listIds(ACME, query(null, null, null, null, "pending", null, null))).isEmpty();
    }

    @Test
    void referenceIdLinkIdAndTimeFilters() {
        openNumbered(1, "user_12345", "2026-02-09T23:59:59.999Z");
        openNumbered(2, "user_12345", "2026-02-10T00:00:00Z");
        openNumbered(3, "someone_else", "2026-02-10T12:00:00Z");
        openNumbered(4, "user_12345", "2026-02-11T00:00:00Z");
        clock.set(Instant.parse("2026-02-09T00:00:00Z"));

        assertThat(listIds(ACME, query(null, null, null, null, null, "user_12345", null)))
                .containsExactly("dr_acme_4", "dr_acme_2", "dr_acme_1");
        assertThat(listIds(ACME, query(null, null, null, null, null, null, "link_acme_3")))
                .containsExactly("dr_acme_3");
        assertThat(listIds(ACME, query(null, null, null, null, null, "user_12345", "link_acme_3"))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, null, null, "link_acme_unknown"))).isEmpty();
        assertThat(listIds(ACME, query(null, null, "2026-02-10", "2026-02-10", null, null, null)))
                .containsExactly("dr_acme_3", "dr_acme_2");
        assertThat(listIds(ACME, query(null, null, "2026-02-10T12:00:00Z", null, null, null, null)))
                .containsExactly("dr_acme_4", "dr_acme_3");
        assertThat(listIds(ACME, query(null, null, null, "2026-02-10T00:00:00.000Z", "pending", "user_12345",
                null))).containsExactly("dr_acme_2", "dr_acme_1");
    }

    @Test
    void paginationIsNewestFirstWithTotals() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("dr_acme_%012d", i);
            open(ACME, id, String.format("link_acme_%012d", i), "ref-" + i, T0.plusSeconds(i));
            expected.add(0, id);
        }

        assertTwentyFiveInPagesOfTen(page -> requests.list(ACME, query(page, "10", null, null, null, null, null)),
                DataRequestView::dataRequestId, expected);

        assertThat(requests.list(ACME, query(null, null, null, null, null, null, null)).pagination())
                .isEqualTo(new Page.Pagination(1, 20, 25, 2));
        assertThat(requests.list(OTHER, DataRequestListQuery.all(PageRequest.first(20))).pagination())
                .isEqualTo(new Page.Pagination(1, 20, 0, 0));
    }

    @Test
    void sameCreationTimeIsOrderedByIdDescending() {
        for (String suffix : List.of("a", "c", "b")) { // opened out of id order, all at T0
            open(ACME, "dr_acme_00000000000" + suffix, "link_acme_" + suffix, "ref-" + suffix, T0);
        }

        assertThat(listIds(ACME, DataRequestListQuery.all(PageRequest.first(20))))
                .containsExactly("dr_acme_00000000000c", "dr_acme_00000000000b", "dr_acme_00000000000a");
    }

    @Test
    void anotherTenantsRequestsAreInvisibleToListDetailAndOwnerQuery() {
        DataRequestOpenedEvent mine = open(ACME, "dr_acme_mine", "link_acme_mine", "user_12345", T0);
        DataRequestOpenedEvent live = open(ACME_LIVE, "dr_acme_live", "link_acme_live", "user_12345", T0);
        open(OTHER, "dr_other_theirs", "link_other_theirs", "user_12345", T0);

        assertThat(listIds(ACME, DataRequestListQuery.all(PageRequest.first(20)))).containsExactly("dr_acme_mine");
        assertThat(listIds(ACME_LIVE, DataRequestListQuery.all(PageRequest.first(20))))
                .containsExactly("dr_acme_live");
        assertThat(listIds(ACME, query(null, null, null, null, null, "user_12345", null)))
                .containsExactly("dr_acme_mine");
        assertThat(listIds(ACME, query(null, null, null, null, null, null, "link_acme_live"))).isEmpty();

        assertThat(owner(ACME, "dr_acme_mine")).isEqualTo(new DataRequestOwner(mine.userId()));
        assertThat(owner(ACME_LIVE, "dr_acme_live")).isEqualTo(new DataRequestOwner(live.userId()));
        assertThat(owner(ACME, "dr_acme_live").userId()).isNull();
        assertThat(owner(ACME_LIVE, "dr_acme_mine").userId()).isNull();
        assertThat(owner(OTHER, "dr_acme_mine").userId()).isNull();
        assertThat(owner(ACME, "dr_acme_doesnotexist").userId()).isNull();
        assertThat(owner(ACME, null).userId()).isNull();

        for (String foreign : List.of("dr_acme_live", "dr_other_theirs", "dr_acme_doesnotexist")) {
            assertThatThrownBy(() -> requests.get(ACME, foreign))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessage("Data request not found");
        }
    }

    @Test
    void ownerIsAnsweredWhateverTheStatus() {
        DataRequestOpenedEvent event = open(ACME, "dr_acme_1", "link_acme_1", "r1", T0);
        clock.set(T0.plusSeconds(7200));
        assertThat(owner(ACME, "dr_acme_1").userId()).isEqualTo(event.userId());
        requests.on(new DataRequestFulfilledEvent(event.userId(), "dr_acme_1", "link_acme_1",
                FieldSource.PARTNER_API, T0.plusSeconds(10)));
        assertThat(owner(ACME, "dr_acme_1").userId()).isEqualTo(event.userId());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"page, 0", "limit, 101", "from, yesterday", "to, 2026-02-31", "status, open",
            "referenceId, has space"})
    void aBadParameterNamesItsField(String parameter, String value) {
        Map<String, String> given = Map.of(parameter, value); // the other parameters are absent
        assertRefusedNaming(parameter, () -> query(given.get("page"), given.get("limit"), given.get("from"),
                given.get("to"), given.get("status"), given.get("referenceId"), given.get("linkId")));
    }

    @Test
    void aStatusOfTheWrongCaseListsTheStatusesAndAReversedRangeNamesFrom() {
        assertThatThrownBy(() -> query(null, null, null, null, "Pending", null, null))
                .hasMessage("The status field must be one of: pending, partially_fulfilled, fulfilled, expired");
        assertRefusedNaming("from", () -> query(null, null, "2026-02-11", "2026-02-10", null, null, null));
    }

    @Test
    void handlingEventsTwiceChangesNothing() {
        DataRequestOpenedEvent event = open(ACME, "dr_acme_1", "link_acme_1", "r1", T0);
        requests.on(event);
        DataRequestPartiallyFulfilledEvent partial = new DataRequestPartiallyFulfilledEvent(event.userId(),
                "dr_acme_1", "link_acme_1", List.of(UserField.DOB), T0.plusSeconds(5));
        requests.on(partial);
        requests.on(partial);
        // the opening re-delivered after the answer does not reset what is remaining
        requests.on(event);
        assertThat(db.count("data_request_view")).isEqualTo(1);
        assertThat(requests.get(ACME, "dr_acme_1").status()).isEqualTo("partially_fulfilled");
        assertThat(requests.get(ACME, "dr_acme_1").remainingFields()).containsExactly("dob");

        DataRequestFulfilledEvent fulfilled = new DataRequestFulfilledEvent(event.userId(), "dr_acme_1",
                "link_acme_1", FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(9));
        requests.on(fulfilled);
        DataRequestView after = requests.get(ACME, "dr_acme_1");
        requests.on(fulfilled);
        requests.on(partial);
        requests.on(event);
        assertThat(requests.get(ACME, "dr_acme_1")).isEqualTo(after);
        assertThat(after.status()).isEqualTo("fulfilled");
        assertThat(after.fulfilledAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(db.count("data_request_view")).isEqualTo(1);
    }

    @Test
    void eventsForAnUnknownRequestAreIgnored() {
        requests.on(new DataRequestPartiallyFulfilledEvent("u", "dr_acme_unknown", "link_acme_1",
                List.of(UserField.DOB), T0));
        requests.on(new DataRequestFulfilledEvent("u", "dr_acme_unknown", "link_acme_1", FieldSource.WIDGET, T0));
        assertThat(db.count("data_request_view")).isZero();
    }

    @Test
    void resetEmptiesTheView() {
        open(ACME, "dr_acme_1", "link_acme_1", "r1", T0);
        requests.reset();
        assertThat(db.count("data_request_view")).isZero();
    }

    @Test
    void aRequestExpiresWithItsLinkWhenTheLinkIsRevokedOrExpiredEarly() {
        open(ACME, "dr_acme_000000000001", "link_acme_000000000001", "ref-1", T0);
        open(ACME, "dr_acme_000000000002", "link_acme_000000000002", "ref-2", T0);
        open(ACME, "dr_acme_000000000003", "link_acme_000000000003", "ref-3", T0);
        Instant closedAt = T0.plusSeconds(60);
        requests.on(new LinkRevokedEvent("link_acme_000000000001", userId(ACME, "ref-1"), "acme", Environment.SANDBOX,
                "ref-1", null, closedAt));
        requests.on(new LinkExpiredEvent("link_acme_000000000002", userId(ACME, "ref-2"), "acme", Environment.SANDBOX,
                "ref-2", closedAt, closedAt));
        clock.set(closedAt.plusSeconds(1));

        assertThat(requests.get(ACME, "dr_acme_000000000001").status()).isEqualTo("expired");
        assertThat(requests.get(ACME, "dr_acme_000000000001").expiresAt()).isEqualTo(closedAt);
        assertThat(requests.get(ACME, "dr_acme_000000000002").status()).isEqualTo("expired");
        assertThat(requests.get(ACME, "dr_acme_000000000003").status()).isEqualTo("pending");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null)))
                .containsExactlyInAnyOrder("dr_acme_000000000001", "dr_acme_000000000002");
    }
}

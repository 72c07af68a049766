package com.m2m.query.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.query.testing.QueryDatabaseTest;
import com.m2m.query.user.UserViewProjection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static com.m2m.query.testing.PagingAssertions.assertTwentyFiveInPagesOfTen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkViewProjectionTest extends QueryDatabaseTest {

    private static final String BASE_URL = "https://m2m.example";

    private final LinkProjections links = new LinkProjections(db.jdbc(), clock, BASE_URL + "/");

    private LinkCreatedEvent created(Tenant tenant, String linkId, String referenceId, Instant createdAt,
                                     Duration lifetime) {
        return new LinkCreatedEvent(linkId, Identifiers.userId(tenant.partnerId(), tenant.environment(), referenceId),
                tenant.partnerId(), tenant.environment(), referenceId, "token-hash-" + linkId,
                new LinkOptions(Map.of(), null, null, null, null), createdAt.plus(lifetime), createdAt);
    }

    private LinkCreatedEvent create(Tenant tenant, String linkId, String referenceId, Instant createdAt) {
        LinkCreatedEvent event = created(tenant, linkId, referenceId, createdAt, Duration.ofHours(1));
        links.on(event);
        return event;
    }

    private LinkListQuery query(String page, String limit, String from, String to, String status,
                                String visibility, String referenceId) {
        return LinkListQuery.parse(page, limit, from, to, status, visibility, referenceId);
    }

    private List<String> ids(Page<LinkView> page) {
        return page.items().stream().map(LinkView::linkId).toList();
    }

    private List<String> listIds(Tenant tenant, LinkListQuery query) {
        return ids(links.list(tenant, query));
    }

    @Test
    void itemCarriesEveryFieldAndTheWidgetUrlButNeverTheToken() {
        LinkCreatedEvent event = new LinkCreatedEvent("link_acme_a1b2c3d4e5f6", "user_acme_x1", "acme",
                Environment.SANDBOX, "user_12345", "secret-token-hash",
                new LinkOptions(Map.of("orderId", "42", "channel", "app"), "m2m-basic", "dark", "es",
                        "https://acme.example/hook"),
                T0.plusSeconds(3600), T0);
        links.on(event);

        LinkView item = links.list(ACME, LinkListQuery.all(PageRequest.first(20))).items().get(0);
        assertThat(item).isEqualTo(new LinkView("link_acme_a1b2c3d4e5f6", "user_12345", "user_acme_x1", "created",
                "https://m2m.example/w/link_acme_a1b2c3d4e5f6/m2m-basic", T0.plusSeconds(3600), T0, null, null, null,
                null, Map.of("channel", "app", "orderId", "42"), "m2m-basic", "dark", "es"));
        assertThat(links.get(ACME, "link_acme_a1b2c3d4e5f6").userStatus()).isNull();
        assertThat(db.everything()).doesNotContain("secret-token-hash");
    }

    @Test
    void defaultFlowAndEmptyMetadata() {
        create(ACME, "link_acme_000000000001", "ref-1", T0);
        LinkDetail detail = links.get(ACME, "link_acme_000000000001");
        assertThat(detail.flow()).isEqualTo(LinkOptions.DEFAULT_FLOW);
        assertThat(detail.url()).isEqualTo(BASE_URL + "/w/link_acme_000000000001/m2m-basic");
        assertThat(detail.metadata()).isEmpty();
        assertThat(detail.theme()).isNull();
        assertThat(detail.language()).isNull();
    }

    @Test
    void paginationIsNewestFirstWithTotals() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String linkId = String.format("link_acme_%012d", i);
            create(ACME, linkId, "ref-" + i, T0.plusSeconds(i));
            expected.add(0, linkId);
        }

        assertTwentyFiveInPagesOfTen(page -> links.list(ACME, query(page, "10", null, null, null, null, null)),
                LinkView::linkId, expected);

        Page<LinkView> defaults = links.list(ACME, query(null, null, null, null, null, null, null));
        assertThat(defaults.pagination()).isEqualTo(new Page.Pagination(1, 20, 25, 2));
        assertThat(defaults.items()).hasSize(20);
    }

    @Test
    void sameCreationTimeIsOrderedByLinkIdDescending() {
        create(ACME, "link_acme_00000000000a", "ref-a", T0);
        create(ACME, "link_acme_00000000000c", "ref-c", T0);
        create(ACME, "link_acme_00000000000b", "ref-b", T0);

        assertThat(listIds(ACME, LinkListQuery.all(PageRequest.first(20))))
                .containsExactly("link_acme_00000000000c", "link_acme_00000000000b", "link_acme_00000000000a");
    }

    @Test
    void emptyListHasZeroPages() {
        assertThat(links.list(ACME, LinkListQuery.all(PageRequest.first(20))).pagination())
                .isEqualTo(new Page.Pagination(1, 20, 0, 0));
    }

    @Test
    void fromAndToAreInclusiveAndDatesCoverWholeUtcDays() {
        create(ACME, "link_acme_day9_late", "r1", Instant.parse("2026-02-09T23:59:59.999Z"));
        create(ACME, "link_acme_day10_start", "r2", Instant.parse("2026-02-10T00:00:00Z"));
        create(ACME, "link_acme_day10_noon", "r3", Instant.parse("2026-02-10T12:00:00Z"));
        create(ACME, "link_acme_day10_end", "r4", Instant.parse("2026-02-10T23:59:59.999Z"));
        create(ACME, "link_acme_day11_start", "r5", Instant.parse("2026-02-11T00:00:00Z"));
        clock.set(Instant.parse("2026-02-10T00:00:00Z"));

        assertThat(listIds(ACME, query(null, null, "2026-02-10", "2026-02-10", null, null, null)))
                .containsExactly("link_acme_day10_end", "link_acme_day10_noon", "link_acme_day10_start");
        assertThat(listIds(ACME, query(null, null, "2026-02-10T12:00:00Z", null, null, null, null)))
                .containsExactly("link_acme_day11_start", "link_acme_day10_end", "link_acme_day10_noon");
        assertThat(listIds(ACME, query(null, null, null, "2026-02-10T12:00:00.000Z", null, null, null)))
                .containsExactly("link_acme_day10_noon", "link_acme_day10_start", "link_acme_day9_late");
        assertThat(listIds(ACME, query(null, null, "2026-02-10T12:00:00Z", "2026-02-10T12:00:00Z", null, null,
                null))).containsExactly("link_acme_day10_noon");
        assertThat(links.list(ACME, query(null, null, "2026-02-11", null, null, null, null)).pagination().total())
                .isEqualTo(1);
    }

    @Test
    void fromAfterToIsRejected() {
        assertRefusedNaming("from", () -> query(null, null, "2026-02-11", "2026-02-10", null, null, null));
    }

    @Test
    void statusFilterUsesTheEffectiveStatus() {
        create(ACME, "link_acme_created", "r1", T0);                                       // expires T0+1h
        links.on(created(ACME, "link_acme_short", "r2", T0.plusSeconds(1), Duration.ofMinutes(5))); // T0+5m1s
        create(ACME, "link_acme_revoked", "r3", T0.plusSeconds(2));
        links.on(new LinkRevokedEvent("link_acme_revoked", "u", "acme", Environment.SANDBOX, "r3", "asked",
                T0.plusSeconds(60)));
        create(ACME, "link_acme_expired", "r4", T0.plusSeconds(3));
        links.on(new LinkExpiredEvent("link_acme_expired", "u", "acme", Environment.SANDBOX, "r4",
                T0.plusSeconds(3603), T0.plusSeconds(3700)));
        clock.set(T0.plusSeconds(120));

        assertThat(listIds(ACME, query(null, null, null, null, "created", null, null)))
                .containsExactly("link_acme_short", "link_acme_created");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null)))
                .containsExactly("link_acme_expired");
        assertThat(listIds(ACME, query(null, null, null, null, "revoked", null, null)))
                .containsExactly("link_acme_revoked");
        assertThat(listIds(ACME, query(null, null, null, null, "completed", null, null))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, "opened", null, null))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, "in_progress", null, null))).isEmpty();

        // 5 minutes and 1 second after creation the short link's time is up, though no expiry was recorded
        clock.set(T0.plusSeconds(301));
        assertThat(links.get(ACME, "link_acme_short").status()).isEqualTo("expired");
        assertThat(listIds(ACME, query(null, null, null, null, "created", null, null)))
                .containsExactly("link_acme_created");
        assertThat(listIds(ACME, query(null, null, null, null, "expired", null, null)))
                .containsExactly("link_acme_expired", "link_acme_short");
        assertThat(links.list(ACME, query(null, null, null, null, null, null, null)).items())
                .extracting(LinkView::linkId, LinkView::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("link_acme_expired", "expired"),
                        org.assertj.core.groups.Tuple.tuple("link_acme_revoked", "revoked"),
                        org.assertj.core.groups.Tuple.tuple("link_acme_short", "expired"),
                        org.assertj.core.groups.Tuple.tuple("link_acme_created", "created"));

        // exactly at expiresAt the link is no longer active
        clock.set(T0.plusSeconds(3600));
        assertThat(links.get(ACME, "link_acme_created").status()).isEqualTo("expired");
        assertThat(listIds(ACME, query(null, null, null, null, "created", null, null))).isEmpty();
    }

    @Test
    void visibilityFilter() {
        create(ACME, "link_acme_active", "r1", T0);
        links.on(created(ACME, "link_acme_timed_out", "r2", T0.plusSeconds(1), Duration.ofMinutes(5)));
        create(ACME, "link_acme_revoked", "r3", T0.plusSeconds(2));
        links.on(new LinkRevokedEvent("link_acme_revoked", "u", "acme", Environment.SANDBOX, "r3", null,
                T0.plusSeconds(60)));
        create(ACME, "link_acme_expired", "r4", T0.plusSeconds(3));
        links.on(new LinkExpiredEvent("link_acme_expired", "u", "acme", Environment.SANDBOX, "r4",
                T0.plusSeconds(3), T0.plusSeconds(5)));
        clock.set(T0.plusSeconds(600));

        assertThat(listIds(ACME, query(null, null, null, null, null, "active", null)))
                .containsExactly("link_acme_active");
        assertThat(listIds(ACME, query(null, null, null, null, null, "expired", null)))
                .containsExactly("link_acme_expired", "link_acme_timed_out");
        assertThat(listIds(ACME, query(null, null, null, null, "created", "expired", null))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, "expired", "expired", null)))
                .containsExactly("link_acme_expired", "link_acme_timed_out");
        assertThat(listIds(ACME, query(null, null, null, null, "created", "active", null)))
                .containsExactly("link_acme_active");
    }

    @Test
    void referenceIdFilterAndCombinations() {
        create(ACME, "link_acme_1", "user_12345", T0);
        links.on(new LinkRevokedEvent("link_acme_1", "u", "acme", Environment.SANDBOX, "user_12345", null,
                T0.plusSeconds(10)));
        create(ACME, "link_acme_2", "user_12345", T0.plusSeconds(20));
        create(ACME, "link_acme_3", "someone_else", T0.plusSeconds(30));
        create(ACME_LIVE, "link_acme_live", "user_12345", T0.plusSeconds(40));

        assertThat(listIds(ACME, query(null, null, null, null, null, null, "user_12345")))
                .containsExactly("link_acme_2", "link_acme_1");
        assertThat(listIds(ACME, query(null, null, null, null, "revoked", null, "user_12345")))
                .containsExactly("link_acme_1");
        assertThat(listIds(ACME, query(null, null, null, null, null, null, "nobody"))).isEmpty();
    }

    @Test
    void badParametersNameTheirField() {
        Map<String, LinkListQueryCall> bad = new LinkedHashMap<>();
        bad.put("page", () -> query("0", null, null, null, null, null, null));
        bad.put("limit", () -> query(null, "101", null, null, null, null, null));
        bad.put("from", () -> query(null, null, "tomorrow", null, null, null, null));
        bad.put("to", () -> query(null, null, null, "2026-02-31", null, null, null));
        bad.put("status", () -> query(null, null, null, null, "active", null, null));
        bad.put("visibility", () -> query(null, null, null, null, null, "revoked", null));
        bad.put("referenceId", () -> query(null, null, null, null, null, null, "has space"));
        bad.forEach((field, call) -> assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field)));

        assertThatThrownBy(() -> query(null, null, null, null, "Created", null, null))
                .hasMessage("The status field must be one of: created, opened, in_progress, completed, expired, revoked");
        assertThatThrownBy(() -> query(null, null, null, null, null, "all", null))
                .hasMessage("The visibility field must be one of: active, expired");
    }

    private interface LinkListQueryCall {
        void run();
    }

    @Test
    void anotherTenantsLinksAreInvisible() {
        create(ACME, "link_acme_mine", "user_12345", T0);
        create(ACME_LIVE, "link_acme_live", "user_12345", T0);
        create(OTHER, "link_other_theirs", "user_12345", T0);

        assertThat(listIds(ACME, LinkListQuery.all(PageRequest.first(20)))).containsExactly("link_acme_mine");
        assertThat(listIds(ACME_LIVE, LinkListQuery.all(PageRequest.first(20)))).containsExactly("link_acme_live");
        assertThat(links.list(ACME, query(null, null, null, null, null, null, "user_12345")).pagination().total())
                .isEqualTo(1);

        for (String foreign : List.of("link_acme_live", "link_other_theirs", "link_acme_doesnotexist")) {
            assertThatThrownBy(() -> links.get(ACME, foreign))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessage("Link not found");
            assertThatThrownBy(() -> links.activity(ACME, foreign))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessage("Link not found");
        }
    }

    @Test
    void detailCarriesTheUsersCurrentStatus() {
        UserViewProjection users = new UserViewProjection(db.jdbc(), clock);
        LinkCreatedEvent event = create(ACME, "link_acme_1", "user_12345", T0);
        users.on(new UserCreatedEvent(event.userId(), "acme", Environment.SANDBOX, "user_12345",
                List.of(UserField.FIRST_NAME), T0));
        assertThat(links.get(ACME, "link_acme_1").userStatus()).isEqualTo("pending");

        users.on(new UserStatusChangedEvent(event.userId(), UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                List.of(UserField.FIRST_NAME), T0));
        LinkDetail detail = links.get(ACME, "link_acme_1");
        assertThat(detail.userStatus()).isEqualTo("data_incomplete");
        assertThat(detail.linkId()).isEqualTo("link_acme_1");
        assertThat(detail.userId()).isEqualTo(event.userId());
    }

    @Test
    void activityTimelineInOrder() {
        create(ACME, "link_acme_1", "r1", T0);
        links.on(new LinkRevokedEvent("link_acme_1", "u", "acme", Environment.SANDBOX, "r1",
                "User requested cancellation", T0.plusSeconds(60)));
        create(ACME, "link_acme_2", "r2", T0);
        links.on(new LinkExpiredEvent("link_acme_2", "u", "acme", Environment.SANDBOX, "r2",
                T0.plusSeconds(3600), T0.plusSeconds(3605)));

        List<LinkActivity> revoked = links.activity(ACME, "link_acme_1");
        assertThat(revoked).extracting(LinkActivity::type).containsExactly("created", "revoked");
        assertThat(revoked.get(0).at()).isEqualTo(T0);
        assertThat(revoked.get(0).details())
                .containsExactly(Map.entry("expiresAt", "2026-02-10T15:30:00.000Z"), Map.entry("flow", "m2m-basic"));
        assertThat(revoked.get(1).at()).isEqualTo(T0.plusSeconds(60));
        assertThat(revoked.get(1).details()).containsExactly(Map.entry("reason", "User requested cancellation"));

        List<LinkActivity> expired = links.activity(ACME, "link_acme_2");
        assertThat(expired).extracting(LinkActivity::type).containsExactly("created", "expired");
        assertThat(expired.get(1).at()).isEqualTo(T0.plusSeconds(3600));
        assertThat(expired.get(1).details()).isEmpty();

        LinkDetail revokedDetail = links.get(ACME, "link_acme_1");
        assertThat(revokedDetail.status()).isEqualTo("revoked");
        assertThat(revokedDetail.revokedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(links.get(ACME, "link_acme_2").status()).isEqualTo("expired");
    }

    private DataRequestOpenedEvent dataRequested(LinkCreatedEvent link, String dataRequestId, Instant at) {
        return new DataRequestOpenedEvent(link.userId(), dataRequestId, link.linkId(), link.partnerId(),
                link.environment(), link.referenceId(), List.of(UserField.FIRST_NAME, UserField.ID_NUMBER,
                UserField.DOB), link.expiresAt(), at);
    }

    @Test
    void dataRequestAndAnswersAppearInTheTimelineInOrder() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(dataRequested(link, "dr_acme_000000000001", T0));
        links.on(new DataRequestPartiallyFulfilledEvent(link.userId(), "dr_acme_000000000001", "link_acme_1",
                List.of(UserField.DOB), T0.plusSeconds(60)));
        links.on(new DataRequestFulfilledEvent(link.userId(), "dr_acme_000000000001", "link_acme_1",
                FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(120)));
        links.on(new LinkRevokedEvent("link_acme_1", link.userId(), "acme", Environment.SANDBOX, "r1", null,
                T0.plusSeconds(180)));

        List<LinkActivity> activity = links.activity(ACME, "link_acme_1");
        assertThat(activity).extracting(LinkActivity::type)
                .containsExactly("created", "data_requested", "data_received", "data_received", "revoked");
        assertThat(activity).extracting(LinkActivity::at)
                .containsExactly(T0, T0, T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
        assertThat(activity.get(1).details()).containsExactly(
                Map.entry("dataRequestId", "dr_acme_000000000001"),
                Map.entry("requiredFields", List.of("name.firstName", "idNumber", "dob")));
        assertThat(activity.get(2).details()).containsExactly(
                Map.entry("dataRequestId", "dr_acme_000000000001"),
                Map.entry("status", "partially_fulfilled"),
                Map.entry("remainingFields", List.of("dob")));
        assertThat(activity.get(3).details()).containsExactly(
                Map.entry("dataRequestId", "dr_acme_000000000001"),
                Map.entry("status", "fulfilled"),
                Map.entry("source", "partner_webhook"));

        // the data request events leave the link itself untouched
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("revoked");
    }

    @Test
    void dataRequestFulfilledInTheWidgetIsRecordedWithItsSource() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(dataRequested(link, "dr_acme_000000000001", T0));
        links.on(new DataRequestFulfilledEvent(link.userId(), "dr_acme_000000000001", "link_acme_1",
                FieldSource.WIDGET, T0.plusSeconds(30)));

        List<LinkActivity> activity = links.activity(ACME, "link_acme_1");
        assertThat(activity).extracting(LinkActivity::type)
                .containsExactly("created", "data_requested", "data_received");
        assertThat(activity.get(2).details()).containsEntry("status", "fulfilled").containsEntry("source", "widget");
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("created");
    }

    @Test
    void dataRequestEventsForALinkNotInTheViewAreIgnored() {
        LinkCreatedEvent other = created(ACME, "link_acme_unknown", "r1", T0, Duration.ofHours(1));
        links.on(dataRequested(other, "dr_acme_000000000001", T0));
        links.on(new DataRequestPartiallyFulfilledEvent(other.userId(), "dr_acme_000000000001", "link_acme_unknown",
                List.of(UserField.DOB), T0.plusSeconds(60)));
        links.on(new DataRequestFulfilledEvent(other.userId(), "dr_acme_000000000001", "link_acme_unknown",
                FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(120)));

        assertThat(db.count("link_activity")).isZero();
        assertThat(db.count("link_view")).isZero();
    }

    @Test
    void dataRequestEventsHandledTwiceAreRecordedOnce() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        DataRequestOpenedEvent opened = dataRequested(link, "dr_acme_000000000001", T0);
        DataRequestPartiallyFulfilledEvent partial = new DataRequestPartiallyFulfilledEvent(link.userId(),
                "dr_acme_000000000001", "link_acme_1", List.of(UserField.DOB), T0.plusSeconds(60));
        DataRequestFulfilledEvent fulfilled = new DataRequestFulfilledEvent(link.userId(), "dr_acme_000000000001",
                "link_acme_1", FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(120));
        links.on(opened);
        links.on(opened);
        links.on(partial);
        links.on(partial);
        links.on(fulfilled);
        links.on(fulfilled);
        links.on(link);

        assertThat(links.activity(ACME, "link_acme_1")).extracting(LinkActivity::type)
                .containsExactly("created", "data_requested", "data_received", "data_received");
    }

    @Test
    void twoDistinctAnswersAtTheSameInstantAreBothKept() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(new DataRequestPartiallyFulfilledEvent(link.userId(), "dr_acme_000000000001", "link_acme_1",
                List.of(UserField.DOB, UserField.ID_NUMBER), T0.plusSeconds(60)));
        links.on(new DataRequestPartiallyFulfilledEvent(link.userId(), "dr_acme_000000000001", "link_acme_1",
                List.of(UserField.DOB), T0.plusSeconds(60)));

        assertThat(links.activity(ACME, "link_acme_1")).extracting(LinkActivity::type)
                .containsExactly("created", "data_received", "data_received");
    }

    @Test
    void revokeWithoutReasonKeepsANullReason() {
        create(ACME, "link_acme_1", "r1", T0);
        links.on(new LinkRevokedEvent("link_acme_1", "u", "acme", Environment.SANDBOX, "r1", null, T0.plusSeconds(1)));
        Map<String, Object> details = links.activity(ACME, "link_acme_1").get(1).details();
        assertThat(details).containsOnlyKeys("reason");
        assertThat(details.get("reason")).isNull();
    }

    @Test
    void handlingEventsTwiceChangesNothing() {
        LinkCreatedEvent event = create(ACME, "link_acme_1", "r1", T0);
        links.on(event);
        LinkRevokedEvent revoked = new LinkRevokedEvent("link_acme_1", "u", "acme", Environment.SANDBOX, "r1",
                "x", T0.plusSeconds(5));
        links.on(revoked);
        links.on(revoked);

        assertThat(db.count("link_view")).isEqualTo(1);
        assertThat(links.activity(ACME, "link_acme_1")).extracting(LinkActivity::type)
                .containsExactly("created", "revoked");
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("revoked");
    }

    private static final DeviceInfo IPHONE = new DeviceInfo("Mozilla/5.0 (iPhone)", "iOS", "es-MX");

    private LinkOpenedEvent opened(LinkCreatedEvent link, Instant at) {
        return new LinkOpenedEvent(link.linkId(), link.userId(), link.partnerId(), link.environment(),
                link.referenceId(), IPHONE, at);
    }

    private LinkFlowStartedEvent flowStarted(LinkCreatedEvent link, Instant at) {
        return new LinkFlowStartedEvent(link.linkId(), link.userId(), link.partnerId(), link.environment(),
                link.referenceId(), at);
    }

    private OperationCreatedEvent operationCreated(LinkCreatedEvent link, String operationId, Instant at) {
        return new OperationCreatedEvent(operationId, link.userId(), link.linkId(), link.partnerId(),
                link.environment(), link.referenceId(), "qt_1",
                new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1725.00"), new BigDecimal("17.25"),
                        new BigDecimal("3.99"), "USD", "MXN"),
                new PayoutSummary("bank_account", "MX", "5558"), new PersonalData("bank_account|MX|014027000005555558"),
                at);
    }

    @Test
    void wholeJourneyStatusesAndTimelineInOrder() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        String userId = link.userId();

        links.on(opened(link, T0.plusSeconds(10)));
        LinkDetail opened = links.get(ACME, "link_acme_1");
        assertThat(opened.status()).isEqualTo("opened");
        assertThat(opened.openedAt()).isEqualTo(T0.plusSeconds(10));

        links.on(flowStarted(link, T0.plusSeconds(20)));
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("in_progress");
        assertThat(listIds(ACME, query(null, null, null, null, "in_progress", null, null)))
                .containsExactly("link_acme_1");
        assertThat(listIds(ACME, query(null, null, null, null, null, "active", null))).containsExactly("link_acme_1");

        links.on(new CipVerificationStartedEvent(userId, "ver_1", T0.plusSeconds(30)));
        links.on(new CipVerifiedEvent(userId, "ver_1", T0.plusSeconds(32)));
        links.on(operationCreated(link, "op_acme_1", T0.plusSeconds(40)));
        links.on(new LinkCompletedEvent("link_acme_1", userId, "acme", Environment.SANDBOX, "r1", "op_acme_1",
                T0.plusSeconds(40)));
        links.on(new OperationCompletedEvent("op_acme_1", userId, "link_acme_1", "acme", Environment.SANDBOX, "r1",
                T0.plusSeconds(44)));

        LinkDetail completed = links.get(ACME, "link_acme_1");
        assertThat(completed.status()).isEqualTo("completed");
        assertThat(completed.completedAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(completed.operationId()).isEqualTo("op_acme_1");
        assertThat(completed.openedAt()).isEqualTo(T0.plusSeconds(10));

        List<LinkActivity> activity = links.activity(ACME, "link_acme_1");
        assertThat(activity).extracting(LinkActivity::type).containsExactly("created", "opened", "flow_started",
                "cip_started", "cip_verified", "operation_created", "completed", "operation_completed");
        assertThat(activity).extracting(LinkActivity::at).containsExactly(T0, T0.plusSeconds(10),
                T0.plusSeconds(20), T0.plusSeconds(30), T0.plusSeconds(32), T0.plusSeconds(40), T0.plusSeconds(40),
                T0.plusSeconds(44));
        Map<String, Object> deviceInfo = new LinkedHashMap<>();
        deviceInfo.put("userAgent", "Mozilla/5.0 (iPhone)");
        deviceInfo.put("platform", "iOS");
        deviceInfo.put("language", "es-MX");
        assertThat(activity.get(1).details()).containsExactly(Map.entry("deviceInfo", deviceInfo));
        assertThat(activity.get(2).details()).isEmpty();
        assertThat(activity.get(3).details()).isEmpty();
        assertThat(activity.get(4).details()).isEmpty();
        assertThat(activity.get(5).details()).containsExactly(Map.entry("operationId", "op_acme_1"));
        assertThat(activity.get(6).details()).containsExactly(Map.entry("operationId", "op_acme_1"));
        assertThat(activity.get(7).details()).containsExactly(Map.entry("operationId", "op_acme_1"));

        // completed is terminal: never expired, whatever the time
        clock.set(T0.plusSeconds(7200));
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("completed");
        assertThat(listIds(ACME, query(null, null, null, null, "completed", null, null)))
                .containsExactly("link_acme_1");
        assertThat(db.everything()).doesNotContain("014027000005555558");
    }

    @Test
    void openedAndInProgressLinksStillExpireWithTime() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(opened(link, T0.plusSeconds(10)));
        LinkCreatedEvent other = create(ACME, "link_acme_2", "r2", T0);
        links.on(opened(other, T0.plusSeconds(10)));
        links.on(flowStarted(other, T0.plusSeconds(20)));

        clock.set(T0.plusSeconds(3599));
        assertThat(listIds(ACME, query(null, null, null, null, "opened", null, null))).containsExactly("link_acme_1");
        assertThat(listIds(ACME, query(null, null, null, null, "in_progress", null, null)))
                .containsExactly("link_acme_2");

        clock.set(T0.plusSeconds(3600));
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("expired");
        assertThat(links.get(ACME, "link_acme_2").status()).isEqualTo("expired");
        assertThat(listIds(ACME, query(null, null, null, null, "opened", null, null))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, "in_progress", null, null))).isEmpty();
        assertThat(listIds(ACME, query(null, null, null, null, null, "expired", null)))
                .containsExactly("link_acme_2", "link_acme_1");
    }

    @Test
    void lifecycleEventsHandledTwiceNeverMoveALinkBackwards() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        LinkOpenedEvent opened = opened(link, T0.plusSeconds(10));
        LinkFlowStartedEvent started = flowStarted(link, T0.plusSeconds(20));
        LinkCompletedEvent completed = new LinkCompletedEvent("link_acme_1", link.userId(), "acme",
                Environment.SANDBOX, "r1", "op_acme_1", T0.plusSeconds(40));
        links.on(opened);
        links.on(started);
        links.on(opened);
        assertThat(links.get(ACME, "link_acme_1").status()).isEqualTo("in_progress");
        links.on(completed);
        links.on(started);
        links.on(opened);
        links.on(completed);

        LinkDetail detail = links.get(ACME, "link_acme_1");
        assertThat(detail.status()).isEqualTo("completed");
        assertThat(detail.openedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(links.activity(ACME, "link_acme_1")).extracting(LinkActivity::type)
                .containsExactly("created", "opened", "flow_started", "completed");
    }

    @Test
    void openedWithoutDeviceInfoRecordsNulls() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(new LinkOpenedEvent("link_acme_1", link.userId(), "acme", Environment.SANDBOX, "r1", null,
                T0.plusSeconds(1)));
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>) links.activity(ACME, "link_acme_1").get(1).details()
                .get("deviceInfo");
        assertThat(device).containsOnlyKeys("userAgent", "platform", "language");
        assertThat(device.values()).containsOnlyNulls();
    }

    @Test
    void cipEventsGoToTheUsersActiveLinkOnly() {
        LinkCreatedEvent first = create(ACME, "link_acme_1", "r1", T0);
        links.on(new LinkRevokedEvent("link_acme_1", first.userId(), "acme", Environment.SANDBOX, "r1", null,
                T0.plusSeconds(5)));
        // no active link: nothing is recorded anywhere
        links.on(new CipVerifiedEvent(first.userId(), "ver_0", T0.plusSeconds(6)));

        LinkCreatedEvent second = create(ACME, "link_acme_2", "r1", T0.plusSeconds(10));
        create(ACME, "link_acme_3", "someone_else", T0.plusSeconds(10));
        links.on(opened(second, T0.plusSeconds(11)));
        links.on(new CipVerificationStartedEvent(second.userId(), "ver_1", T0.plusSeconds(20)));
        links.on(new CipFailedEvent(second.userId(), "ver_1", "identity_mismatch", T0.plusSeconds(22)));

        assertThat(links.activity(ACME, "link_acme_1")).extracting(LinkActivity::type)
                .containsExactly("created", "revoked");
        assertThat(links.activity(ACME, "link_acme_3")).extracting(LinkActivity::type).containsExactly("created");
        List<LinkActivity> activity = links.activity(ACME, "link_acme_2");
        assertThat(activity).extracting(LinkActivity::type)
                .containsExactly("created", "opened", "cip_started", "cip_failed");
        assertThat(activity.get(3).details()).containsExactly(Map.entry("reason", "identity_mismatch"));
        assertThat(activity.get(3).at()).isEqualTo(T0.plusSeconds(22));

        // a user unknown to the view: nothing
        links.on(new CipVerificationStartedEvent("user_acme_unknown", "ver_9", T0.plusSeconds(30)));
        // 7 entries over the three links, of which the three "created" are read from the link rows, not stored
        assertThat(db.count("link_activity")).isEqualTo(4);
    }

    @Test
    void operationFailureAndCancellationAppearOnTheOperationsLink() {
        LinkCreatedEvent link = create(ACME, "link_acme_1", "r1", T0);
        links.on(operationCreated(link, "op_acme_1", T0.plusSeconds(40)));
        links.on(new LinkCompletedEvent("link_acme_1", link.userId(), "acme", Environment.SANDBOX, "r1", "op_acme_1",
                T0.plusSeconds(40)));
        links.on(new OperationFailedEvent("op_acme_1", link.userId(), "link_acme_1", "acme", Environment.SANDBOX, "r1",
                "account_closed", T0.plusSeconds(44)));
        LinkCreatedEvent other = create(ACME, "link_acme_2", "r2", T0);
        links.on(operationCreated(other, "op_acme_2", T0.plusSeconds(50)));
        links.on(new OperationCancelledEvent("op_acme_2", other.userId(), "link_acme_2", "acme", Environment.SANDBOX,
                "r2", "changed my mind", T0.plusSeconds(55)));
        // an operation of a link this view does not know is not recorded
        links.on(new OperationCompletedEvent("op_acme_9", "u", "link_acme_9", "acme", Environment.SANDBOX, "r9",
                T0.plusSeconds(60)));

        List<LinkActivity> failed = links.activity(ACME, "link_acme_1");
        assertThat(failed).extracting(LinkActivity::type)
                .containsExactly("created", "operation_created", "completed", "operation_failed");
        assertThat(failed.get(3).details())
                .containsExactly(Map.entry("operationId", "op_acme_1"), Map.entry("reason", "account_closed"));
        List<LinkActivity> cancelled = links.activity(ACME, "link_acme_2");
        assertThat(cancelled).extracting(LinkActivity::type)
                .containsExactly("created", "operation_created", "operation_cancelled");
        assertThat(cancelled.get(2).details())
                .containsExactly(Map.entry("operationId", "op_acme_2"), Map.entry("reason", "changed my mind"));
        assertThat(db.count("link_view")).isEqualTo(2);
    }

    @Test
    void resetEmptiesTheView() {
        create(ACME, "link_acme_1", "r1", T0);
        links.reset();
        assertThat(db.count("link_view")).isZero();
        assertThat(db.count("link_activity")).isZero();
    }
}

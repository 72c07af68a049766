package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.testing.MutableClock;
import com.m2m.webhook.support.TestWebhooks;
import org.assertj.core.groups.Tuple;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.m2m.domain.common.Environment.LIVE;
import static com.m2m.domain.common.Environment.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;

/** The outbox processor as a plain object over H2. */
class WebhookOutboxProjectorTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final ReplayStatus REGULAR = ReplayStatus.REGULAR;

    private final MutableClock clock = new MutableClock(T0.plusSeconds(1));
    @AutoClose
    private final TestWebhooks webhooks = TestWebhooks.at(clock);
    private final WebhookOutboxProjector projector = webhooks.projector;

    private static LinkCreatedEvent link(String linkId, Environment environment, String callbackUrl) {
        return new LinkCreatedEvent(linkId, "user_acme_1", "acme", environment, "ref-1", "hash",
                new LinkOptions(Map.of("order", "42"), null, null, null, callbackUrl), T0.plus(Duration.ofHours(1)), T0);
    }

    /** acme's sandbox target, subscribed to {@code events} (to every event when none are named). */
    private void configureAcmeSandbox(String... events) {
        webhooks.configure("acme", SANDBOX, "https://partner.example.com/hooks", events);
    }

    private static LinkCreatedEvent firstSandboxLink() {
        return link("link_acme_000000000001", SANDBOX, null);
    }

    /** acme's sandbox target configured, then its first link's creation handled as the message {@code messageId}. */
    private LinkCreatedEvent firstSandboxLinkHandledAs(String messageId) {
        configureAcmeSandbox();
        LinkCreatedEvent created = firstSandboxLink();
        projector.on(created, messageId, REGULAR);
        return created;
    }

    /** user_acme_1 of acme's sandbox, with {@code link} as its active link: the user context the CIP webhooks read. */
    private void userWithActiveLink(LinkCreatedEvent link) {
        projector.on(new UserCreatedEvent("user_acme_1", "acme", SANDBOX, "ref-1", List.of(UserField.DOB), T0));
        projector.on(new ActiveLinkAssignedEvent("user_acme_1", link.linkId(), link.expiresAt(), T0));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private List<Map<String, Object>> deliveries() {
        return webhooks.db.jdbc().queryForList("SELECT * FROM webhook_delivery ORDER BY seq");
    }

    @Test
    void withoutATargetNothingIsWritten() {
        projector.on(firstSandboxLink(), id(), REGULAR);

        assertThat(deliveries()).isEmpty();
    }

    @Test
    void theEnvironmentsUrlMakesADeliveryOfTheExactBody() {
        String messageId = id();

        LinkCreatedEvent event = firstSandboxLinkHandledAs(messageId);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat((String) row.get("delivery_id")).matches("whd_[0-9a-f]{24}");
        assertThat(row.get("webhook_id")).isEqualTo("evt_" + messageId.replace("-", ""));
        assertThat(row.get("partner_id")).isEqualTo("acme");
        assertThat(row.get("environment")).isEqualTo("sandbox");
        assertThat(row.get("event_type")).isEqualTo("link.created");
        assertThat(row.get("ordering_key")).isEqualTo("link_acme_000000000001");
        assertThat(row.get("callback_url")).isNull();
        assertThat(row.get("status")).isEqualTo("pending");
        assertThat(row.get("attempts")).isEqualTo(0);
        assertThat(row.get("body")).isEqualTo(webhooks.links.created(event, "evt_" + messageId.replace("-", "")).body());
        assertThat(webhooks.db.jdbc().queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE next_attempt_at <= ?",
                Integer.class, com.m2m.webhook.common.Db.ts(clock.instant()))).as("due at once (first delay 0s)").isEqualTo(1);
    }

    @Test
    void environmentsAreSeparate() {
        webhooks.configure("acme", LIVE, "https://partner.example.com/live");

        projector.on(firstSandboxLink(), id(), REGULAR);
        projector.on(link("link_acme_000000000002", LIVE, null), id(), REGULAR);

        assertThat(deliveries()).extracting(row -> row.get("ordering_key")).containsExactly("link_acme_000000000002");
    }

    @Test
    void theSubscriptionFilters() {
        configureAcmeSandbox("link.revoked");
        LinkCreatedEvent created = firstSandboxLink();

        projector.on(created, id(), REGULAR);
        projector.on(new LinkRevokedEvent(created.linkId(), created.userId(), "acme", SANDBOX, "ref-1", "no longer needed",
                T0.plusSeconds(5)), id(), REGULAR);

        assertThat(deliveries()).extracting(row -> row.get("event_type")).containsExactly("link.revoked");
        assertThat((String) deliveries().get(0).get("body")).contains("\"metadata\":{\"order\":\"42\"}")
                .contains("\"reason\":\"no longer needed\"");
    }

    @Test
    void aCallbackUrlIsATargetEvenWithoutAConfiguredUrlAndSticksToTheLinksLaterEvents() {
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, "https://partner.example.com/cb");

        projector.on(created, id(), REGULAR);
        projector.on(new LinkExpiredEvent(created.linkId(), created.userId(), "acme", SANDBOX, "ref-1", created.expiresAt(),
                created.expiresAt().plusSeconds(2)), id(), REGULAR);

        assertThat(deliveries()).extracting(row -> row.get("event_type"), row -> row.get("callback_url"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("link.created", "https://partner.example.com/cb"),
                        org.assertj.core.groups.Tuple.tuple("link.expired", "https://partner.example.com/cb"));
    }

    @Test
    void theSameEventHandledTwiceMakesOneDelivery() {
        String messageId = id();

        LinkCreatedEvent created = firstSandboxLinkHandledAs(messageId);
        projector.on(created, messageId, REGULAR);

        assertThat(deliveries()).hasSize(1);
    }

    @Test
    void aReplayRebuildsTheContextButSendsNothing() {
        String createdId = id();
        LinkCreatedEvent created = firstSandboxLinkHandledAs(createdId);

        projector.reset();
        assertThat(webhooks.db.count("webhook_link_context")).isZero();
        assertThat(deliveries()).as("deliveries survive a reset").hasSize(1);

        projector.on(created, createdId, ReplayStatus.REPLAY);
        projector.on(new LinkRevokedEvent(created.linkId(), created.userId(), "acme", SANDBOX, "ref-1", null,
                T0.plusSeconds(5)), id(), ReplayStatus.REPLAY);

        assertThat(deliveries()).hasSize(1);
        assertThat(webhooks.contexts.findLink(created.linkId())).isPresent();
    }

    @Test
    void dataRequestsFollowTheirLinksCallbackUrlAndCarryNoPersonalData() {
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, "https://partner.example.com/cb");
        userWithActiveLink(created);
        projector.on(created, id(), REGULAR);

        projector.on(new DataRequestOpenedEvent("user_acme_1", "dr_acme_000000000001", created.linkId(), "acme", SANDBOX,
                "ref-1", List.of(UserField.FIRST_NAME, UserField.DOB), created.expiresAt(), T0), id(), REGULAR);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).extracting(row -> row.get("event_type")).containsExactly("link.created", "user.data_request");
        assertThat(rows.get(1).get("callback_url")).isEqualTo("https://partner.example.com/cb");
        assertThat(rows.get(1).get("ordering_key")).isEqualTo(created.linkId());
        assertThat(webhooks.contexts.findUser("user_acme_1")).get()
                .extracting(UserContext::activeLinkId).isEqualTo(created.linkId());
    }

    // ---------------------------------------------------------------- link.opened, link.completed, operations

    private static final String ACCOUNT_NUMBER = "014027000005555558";
    private static final String OPERATION = "op_acme_abc123";
    private static final String AMOUNT_JSON = "\"amount\":{\"send\":100.00,\"receive\":1725.00,\"rate\":17.25,"
            + "\"fee\":3.99,\"currency\":{\"source\":\"USD\",\"destination\":\"MXN\"}}";

    private static OperationCreatedEvent operationCreated(String linkId) {
        return new OperationCreatedEvent(OPERATION, "user_acme_1", linkId, "acme", SANDBOX, "ref-1", "qt_1",
                WebhookMappingTest.AMOUNT, new PayoutSummary("bank_account", "MX", "5558"),
                new PersonalData(ACCOUNT_NUMBER), T0.plusSeconds(60));
    }

    private static OperationCompletedEvent operationCompleted(String linkId) {
        return new OperationCompletedEvent(OPERATION, "user_acme_1", linkId, "acme", SANDBOX, "ref-1",
                T0.plusSeconds(120));
    }

    /**
     * The rest of a link's life after its creation, each event handled as {@code status}: the link opened, the
     * user's CIP verified then failed, the operation created, the link completed, the operation completed.
     */
    private void theRestOfTheLinksLife(String linkId, ReplayStatus status) {
        projector.on(new LinkOpenedEvent(linkId, "user_acme_1", "acme", SANDBOX, "ref-1", DeviceInfo.UNKNOWN,
                T0.plusSeconds(1)), id(), status);
        projector.on(new CipVerifiedEvent("user_acme_1", "cipv_1", T0.plusSeconds(2)), id(), status);
        projector.on(new CipFailedEvent("user_acme_1", "cipv_2", "identity_mismatch", T0.plusSeconds(3)), id(), status);
        projector.on(operationCreated(linkId), id(), status);
        projector.on(new LinkCompletedEvent(linkId, "user_acme_1", "acme", SANDBOX, "ref-1", OPERATION,
                T0.plusSeconds(60)), id(), status);
        projector.on(operationCompleted(linkId), id(), status);
    }

    @Test
    void aLinksWholeLifeFollowsItsCallbackUrlInOrderAndWithoutThePayoutAccount() {
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, "https://partner.example.com/cb");
        String linkId = created.linkId();

        projector.on(created, id(), REGULAR);
        projector.on(new LinkOpenedEvent(linkId, "user_acme_1", "acme", SANDBOX, "ref-1",
                new DeviceInfo("UA", "iOS", "es-MX"), T0.plusSeconds(10)), id(), REGULAR);
        projector.on(operationCreated(linkId), id(), REGULAR);
        projector.on(new LinkCompletedEvent(linkId, "user_acme_1", "acme", SANDBOX, "ref-1", OPERATION,
                T0.plusSeconds(60)), id(), REGULAR);
        projector.on(operationCompleted(linkId), id(), REGULAR);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).extracting(row -> row.get("event_type"), row -> row.get("callback_url"),
                row -> row.get("ordering_key")).containsExactly(
                Tuple.tuple("link.created", "https://partner.example.com/cb", linkId),
                Tuple.tuple("link.opened", "https://partner.example.com/cb", linkId),
                Tuple.tuple("operation.created", "https://partner.example.com/cb", linkId),
                Tuple.tuple("link.completed", "https://partner.example.com/cb", linkId),
                Tuple.tuple("operation.completed", "https://partner.example.com/cb", linkId));
        assertThat((String) rows.get(1).get("body")).contains("\"deviceInfo\":{\"userAgent\":\"UA\","
                + "\"platform\":\"iOS\",\"language\":\"es-MX\"},\"metadata\":{\"order\":\"42\"}");
        assertThat((String) rows.get(3).get("body")).contains("\"operationId\":\"" + OPERATION + "\","
                + "\"metadata\":{\"order\":\"42\"}");
        assertThat((String) rows.get(2).get("body")).contains(AMOUNT_JSON);
        assertThat((String) rows.get(4).get("body")).as("the amount comes back exactly from the operation context")
                .contains("\"status\":\"completed\"," + AMOUNT_JSON + ",\"completedAt\":\"2026-02-10T14:32:00.000Z\"");
        for (Map<String, Object> row : rows) {
            assertThat((String) row.get("body")).doesNotContain(ACCOUNT_NUMBER).doesNotContain("5558");
        }
        for (Map<String, Object> row : webhooks.db.jdbc().queryForList("SELECT * FROM webhook_operation_context")) {
            assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value))
                    .doesNotContain(ACCOUNT_NUMBER).doesNotContain("5558").doesNotContain("bank_account"));
        }
    }

    @Test
    void operationsFailAndCancelToTheEnvironmentsUrlWhenTheLinkHasNoCallbackUrl() {
        LinkCreatedEvent created = firstSandboxLinkHandledAs(id());
        projector.on(operationCreated(created.linkId()), id(), REGULAR);

        projector.on(new OperationFailedEvent(OPERATION, "user_acme_1", created.linkId(), "acme", SANDBOX, "ref-1",
                "account_closed", T0.plusSeconds(90)), id(), REGULAR);
        projector.on(new OperationCancelledEvent("op_acme_other1", "user_acme_1", created.linkId(), "acme", SANDBOX,
                "ref-1", "Cancelled by the user", T0.plusSeconds(95)), id(), REGULAR);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).extracting(row -> row.get("event_type"), row -> row.get("callback_url"))
                .containsExactly(Tuple.tuple("link.created", null), Tuple.tuple("operation.created", null),
                        Tuple.tuple("operation.failed", null), Tuple.tuple("operation.cancelled", null));
        assertThat((String) rows.get(2).get("body")).contains(AMOUNT_JSON + ",\"failedAt\":\"2026-02-10T14:31:30.000Z\","
                + "\"reason\":\"account_closed\"");
        assertThat((String) rows.get(3).get("body")).doesNotContain("amount")
                .contains("\"reason\":\"Cancelled by the user\"");
    }

    @Test
    void theSubscriptionFiltersTheNewEventsAndProcessingIsNoWebhook() {
        configureAcmeSandbox("operation.completed",
                "user.cip_failed");
        LinkCreatedEvent created = firstSandboxLink();
        userWithActiveLink(created);
        projector.on(created, id(), REGULAR);
        theRestOfTheLinksLife(created.linkId(), REGULAR);

        assertThat(deliveries()).extracting(row -> row.get("event_type"))
                .containsExactly("user.cip_failed", "operation.completed");
        assertThat((String) deliveries().get(1).get("body")).as("the context was kept for an unsent creation")
                .contains(AMOUNT_JSON);
        assertThat(new AnnotationEventHandlerAdapter(projector).canHandle(GenericEventMessage.asEventMessage(
                new OperationProcessingEvent(OPERATION, "user_acme_1", created.linkId(), "acme", SANDBOX, "ref-1",
                        T0.plusSeconds(70))))).as("operation.processing is not a webhook event").isFalse();
    }

    @Test
    void theSameOperationEventHandledTwiceMakesOneDelivery() {
        configureAcmeSandbox();
        String messageId = id();

        projector.on(operationCreated("link_acme_000000000001"), messageId, REGULAR);
        projector.on(operationCreated("link_acme_000000000001"), messageId, REGULAR);

        assertThat(deliveries()).hasSize(1);
        assertThat(webhooks.db.count("webhook_operation_context")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- user.cip_*

    @Test
    void cipWebhooksFollowTheUsersActiveLinkAndItsCallbackUrl() {
        LinkCreatedEvent first = link("link_acme_000000000001", SANDBOX, "https://partner.example.com/cb");
        userWithActiveLink(first);
        projector.on(first, id(), REGULAR);

        projector.on(new CipVerifiedEvent("user_acme_1", "cipv_1", T0.plusSeconds(5)), id(), REGULAR);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).extracting(row -> row.get("event_type"), row -> row.get("callback_url"),
                row -> row.get("ordering_key")).containsExactly(
                Tuple.tuple("link.created", "https://partner.example.com/cb", first.linkId()),
                Tuple.tuple("user.cip_verified", "https://partner.example.com/cb", first.linkId()));
        assertThat(rows.get(1).get("partner_id")).isEqualTo("acme");
        assertThat(rows.get(1).get("environment")).isEqualTo("sandbox");
        assertThat((String) rows.get(1).get("body")).endsWith("\"data\":{\"referenceId\":\"ref-1\","
                + "\"userId\":\"user_acme_1\",\"status\":\"cip_verified\",\"verifiedAt\":\"2026-02-10T14:30:05.000Z\","
                + "\"linkId\":\"link_acme_000000000001\"}}");

        // A later link without a callbackUrl becomes active: the next CIP webhook names it and uses the
        // environment's URL (none is configured here, so nothing is sent), never the old link's callbackUrl.
        LinkCreatedEvent second = link("link_acme_000000000002", SANDBOX, null);
        projector.on(new ActiveLinkAssignedEvent("user_acme_1", second.linkId(), second.expiresAt(), T0.plusSeconds(6)));
        projector.on(second, id(), REGULAR);
        projector.on(new CipFailedEvent("user_acme_1", "cipv_2", "identity_mismatch", T0.plusSeconds(7)), id(), REGULAR);
        assertThat(deliveries()).hasSize(2);

        configureAcmeSandbox();
        projector.on(new CipFailedEvent("user_acme_1", "cipv_3", "document_invalid", T0.plusSeconds(8)), id(), REGULAR);
        Map<String, Object> failed = deliveries().get(2);
        assertThat(failed.get("event_type")).isEqualTo("user.cip_failed");
        assertThat(failed.get("callback_url")).isNull();
        assertThat(failed.get("ordering_key")).isEqualTo(second.linkId());
        assertThat((String) failed.get("body")).contains("\"reason\":\"document_invalid\","
                + "\"linkId\":\"link_acme_000000000002\"}");
    }

    @Test
    void cipWebhooksOfAUserWithoutALinkAreOrderedByTheUserAndUnknownUsersAreSkipped() {
        webhooks.configure("acme", LIVE, "https://partner.example.com/live");
        projector.on(new UserCreatedEvent("user_acme_1", "acme", LIVE, "ref-1", List.of(UserField.DOB), T0));

        projector.on(new CipVerifiedEvent("user_acme_1", "cipv_1", T0.plusSeconds(5)), id(), REGULAR);
        projector.on(new CipVerifiedEvent("user_acme_unknown", "cipv_2", T0.plusSeconds(5)), id(), REGULAR);

        List<Map<String, Object>> rows = deliveries();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("ordering_key")).isEqualTo("user_acme_1");
        assertThat(rows.get(0).get("environment")).isEqualTo("live");
        assertThat(rows.get(0).get("callback_url")).isNull();
        assertThat((String) rows.get(0).get("body")).endsWith("\"linkId\":null}}");
    }

    // ---------------------------------------------------------------- replays

    @Test
    void aReplayOfTheNewEventsRebuildsTheContextsButSendsNothing() {
        configureAcmeSandbox();
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, "https://partner.example.com/cb");
        String linkId = created.linkId();
        ReplayStatus replay = ReplayStatus.REPLAY;

        userWithActiveLink(created);
        projector.on(created, id(), replay);
        theRestOfTheLinksLife(linkId, replay);
        projector.on(new OperationFailedEvent(OPERATION, "user_acme_1", linkId, "acme", SANDBOX, "ref-1",
                "account_closed", T0.plusSeconds(90)), id(), replay);
        projector.on(new OperationCancelledEvent(OPERATION, "user_acme_1", linkId, "acme", SANDBOX, "ref-1", "x",
                T0.plusSeconds(95)), id(), replay);

        assertThat(deliveries()).isEmpty();
        assertThat(webhooks.contexts.findOperation(OPERATION)).get()
                .extracting(OperationContext::amount).isEqualTo(WebhookMappingTest.AMOUNT);

        // Live again: a later event is built from the rebuilt context.
        projector.on(new OperationFailedEvent(OPERATION, "user_acme_1", linkId, "acme", SANDBOX, "ref-1",
                "account_closed", T0.plusSeconds(90)), id(), REGULAR);
        assertThat(deliveries()).extracting(row -> row.get("callback_url"))
                .containsExactly("https://partner.example.com/cb");
        assertThat((String) deliveries().get(0).get("body")).contains(AMOUNT_JSON);

        projector.reset();
        assertThat(webhooks.db.count("webhook_operation_context")).isZero();
        assertThat(webhooks.db.count("webhook_user_context")).isZero();
        assertThat(deliveries()).hasSize(1);
    }
}

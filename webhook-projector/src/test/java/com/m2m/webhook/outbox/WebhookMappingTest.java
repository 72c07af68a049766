package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
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
import com.m2m.domain.user.CipReviewDecision;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserField;
import com.m2m.webhook.common.PublicUrls;
import com.m2m.webhook.common.WebhookIds;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each domain event → the exact webhook body. */
class WebhookMappingTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final String MESSAGE_ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String EVT = "evt_550e8400e29b41d4a716446655440000";
    private static final String LINK = "link_acme_a1b2c3d4e5f6";
    private static final String USER = "user_acme_x1y2z3";
    private static final String TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final PublicUrls urls = new PublicUrls("https://m2m.example.com/");
    private final LinkWebhookMapper links = new LinkWebhookMapper(urls);
    private final DataRequestWebhookMapper dataRequests = new DataRequestWebhookMapper(urls);
    private final CipWebhookMapper cip = new CipWebhookMapper();
    private final OperationWebhookMapper operations = new OperationWebhookMapper();

    private static final Optional<LinkContext> CONTEXT = Optional.of(new LinkContext(LINK, "acme", Environment.SANDBOX,
            "user_12345", USER, "m2m-basic", Map.of("order", "42", "channel", "app"), "https://partner.example.com/cb"));

    private static final String OPERATION = "op_acme_abc123";
    static final String ACCOUNT_NUMBER = "014027000005555558";
    static final OperationAmount AMOUNT = new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1725.00"),
            new BigDecimal("17.25"), new BigDecimal("3.99"), "USD", "MXN");
    private static final String AMOUNT_JSON = "\"amount\":{\"send\":100.00,\"receive\":1725.00,\"rate\":17.25,"
            + "\"fee\":3.99,\"currency\":{\"source\":\"USD\",\"destination\":\"MXN\"}}";
    private static final Optional<OperationContext> OPERATION_CONTEXT = Optional.of(new OperationContext(OPERATION,
            "acme", Environment.SANDBOX, "user_12345", LINK, USER, AMOUNT));
    private static final UserContext USER_CONTEXT = new UserContext(USER, "acme", Environment.SANDBOX, "user_12345",
            LINK);

    /** The envelope every webhook body has, around its {@code data} object, for the event with id EVT. */
    private static String body(String event, String timestamp, String data) {
        return "{\"id\":\"" + EVT + "\",\"event\":\"" + event + "\",\"timestamp\":\"" + timestamp
                + "\",\"data\":" + data + "}";
    }

    static OperationCreatedEvent operationCreated(OperationAmount amount) {
        return new OperationCreatedEvent(OPERATION, USER, LINK, "acme", Environment.SANDBOX, "user_12345",
                "qt_0123456789", amount, new PayoutSummary("bank_account", "MX", "5558"),
                new PersonalData(ACCOUNT_NUMBER), T0);
    }

    static LinkCreatedEvent created() {
        return new LinkCreatedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345", TOKEN_HASH,
                new LinkOptions(Map.of("order", "42", "channel", "app"), null, "dark", "es",
                        "https://partner.example.com/cb"),
                T0.plus(Duration.ofHours(1)), T0.plusMillis(123));
    }

    @Test
    void theWebhookIdIsDerivedFromTheEventMessageAndStable() {
        assertThat(WebhookIds.forEvent(MESSAGE_ID)).isEqualTo(EVT).isEqualTo(WebhookIds.forEvent(MESSAGE_ID));
        assertThat(WebhookIds.newDeliveryId()).matches("whd_[0-9a-f]{24}");
    }

    @Test
    void linkCreated() {
        OutgoingWebhook webhook = links.created(created(), EVT);

        assertThat(webhook.body()).isEqualTo(body("link.created", "2026-02-10T14:30:00.123Z",
                "{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"url\":\"https://m2m.example.com/w/" + LINK + "/m2m-basic\","
                + "\"status\":\"created\",\"expiresAt\":\"2026-02-10T15:30:00.000Z\","
                + "\"createdAt\":\"2026-02-10T14:30:00.123Z\",\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}"));
        assertThat(webhook.body()).doesNotEndWith("\n").doesNotContain(TOKEN_HASH).doesNotContain("#");
        assertGoesToTheLinksCallbackInItsOrder(webhook);
        assertThat(webhook.partnerId()).isEqualTo("acme");
        assertThat(webhook.body()).isEqualTo(links.created(created(), EVT).body());
    }

    @Test
    void linkRevokedKeepsNulls() {
        LinkRevokedEvent revoked = new LinkRevokedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345", null,
                T0.plusSeconds(60));

        OutgoingWebhook webhook = links.revoked(revoked, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("link.revoked", "2026-02-10T14:31:00.000Z",
                "{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"status\":\"revoked\",\"revokedAt\":\"2026-02-10T14:31:00.000Z\","
                + "\"reason\":null,\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}"));
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }

    @Test
    void linkExpired() {
        LinkExpiredEvent expired = new LinkExpiredEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345",
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)).plusSeconds(3));

        OutgoingWebhook webhook = links.expired(expired, Optional.empty(), EVT);

        assertThat(webhook.body()).isEqualTo(body("link.expired", "2026-02-10T15:30:03.000Z",
                "{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"status\":\"expired\",\"expiredAt\":\"2026-02-10T15:30:00.000Z\","
                + "\"metadata\":{}}"));
        assertThat(webhook.callbackUrl()).isNull();
    }

    @Test
    void dataRequestCarriesFieldPathsAndAnAbsoluteReplyEndpoint() {
        DataRequestOpenedEvent opened = new DataRequestOpenedEvent(USER, "dr_acme_a1b2c3d4e5f6", LINK, "acme",
                Environment.LIVE, "user_12345", List.of(UserField.SECOND_NAME, UserField.ID_NUMBER, UserField.DOB),
                T0.plus(Duration.ofHours(1)), T0);

        OutgoingWebhook webhook = dataRequests.opened(opened, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("user.data_request", "2026-02-10T14:30:00.000Z",
                "{\"dataRequestId\":\"dr_acme_a1b2c3d4e5f6\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\","
                + "\"requiredFields\":[\"name.secondName\",\"idNumber\",\"dob\"],"
                + "\"replyEndpoint\":\"https://m2m.example.com/partner/data-requests/dr_acme_a1b2c3d4e5f6\","
                + "\"expiresAt\":\"2026-02-10T15:30:00.000Z\"}"));
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.environment()).isEqualTo(Environment.LIVE);
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }

    // ---------------------------------------------------------------- link.opened, link.completed

    @Test
    void linkOpened() {
        LinkOpenedEvent opened = new LinkOpenedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345",
                new DeviceInfo("Mozilla/5.0 (iPhone)", "iOS", "es-MX"), T0.plusMillis(250));

        OutgoingWebhook webhook = links.opened(opened, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("link.opened", "2026-02-10T14:30:00.250Z",
                "{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"openedAt\":\"2026-02-10T14:30:00.250Z\","
                + "\"deviceInfo\":{\"userAgent\":\"Mozilla/5.0 (iPhone)\",\"platform\":\"iOS\",\"language\":\"es-MX\"},"
                + "\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
        assertThat(webhook.partnerId()).isEqualTo("acme");
        assertThat(webhook.environment()).isEqualTo(Environment.SANDBOX);
    }

    @Test
    void linkOpenedFromAnUnknownDeviceKeepsTheDeviceInfoMembers() {
        LinkOpenedEvent opened = new LinkOpenedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345", null, T0);

        OutgoingWebhook webhook = links.opened(opened, Optional.empty(), EVT);

        assertThat(webhook.body()).contains("\"deviceInfo\":{\"userAgent\":null,\"platform\":null,\"language\":null},"
                + "\"metadata\":{}}}");
        assertThat(webhook.callbackUrl()).isNull();
    }

    @Test
    void linkCompleted() {
        LinkCompletedEvent completed = new LinkCompletedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345",
                OPERATION, T0.plusSeconds(90));

        OutgoingWebhook webhook = links.completed(completed, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("link.completed", "2026-02-10T14:31:30.000Z",
                "{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"status\":\"completed\",\"completedAt\":\"2026-02-10T14:31:30.000Z\","
                + "\"operationId\":\"" + OPERATION + "\",\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
    }

    // ---------------------------------------------------------------- user.cip_*

    /** user.cip_verified's data for USER, verified at T0 + 3s with LINK active, before its closing brace. */
    private static final String CIP_VERIFIED_MEMBERS = "{\"referenceId\":\"user_12345\","
            + "\"userId\":\"" + USER + "\",\"status\":\"cip_verified\",\"verifiedAt\":\"2026-02-10T14:30:03.000Z\","
            + "\"linkId\":\"" + LINK + "\"";

    @Test
    void cipVerifiedNamesTheUsersActiveLinkAndFollowsItsCallbackUrl() {
        OutgoingWebhook webhook = cip.verified(new CipVerifiedEvent(USER, "cipv_1", T0.plusSeconds(3)), USER_CONTEXT,
                CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("user.cip_verified", "2026-02-10T14:30:03.000Z",
                CIP_VERIFIED_MEMBERS + "}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
        assertThat(webhook.partnerId()).isEqualTo("acme");
        assertThat(webhook.environment()).isEqualTo(Environment.SANDBOX);
        assertThat(webhook.body()).doesNotContain("cipv_1");
    }

    @Test
    void anApprovalBySupportIsACipVerifiedMarkedReviewedWithoutTheReviewersNote() {
        OutgoingWebhook webhook = cip.reviewedVerified(new CipReviewedEvent(USER, "cipv_1", CipReviewDecision.APPROVED,
                "sue", "Identity confirmed by phone", T0.plusSeconds(3)), USER_CONTEXT, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("user.cip_verified", "2026-02-10T14:30:03.000Z",
                CIP_VERIFIED_MEMBERS + ",\"reviewed\":true}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
    }

    @Test
    void cipFailed() {
        OutgoingWebhook webhook = cip.failed(new CipFailedEvent(USER, "cipv_1", "identity_mismatch", T0), USER_CONTEXT,
                CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("user.cip_failed", "2026-02-10T14:30:00.000Z",
                "{\"referenceId\":\"user_12345\","
                + "\"userId\":\"" + USER + "\",\"status\":\"cip_failed\",\"failedAt\":\"2026-02-10T14:30:00.000Z\","
                + "\"reason\":\"identity_mismatch\",\"linkId\":\"" + LINK + "\"}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
    }

    @Test
    void cipWithoutAnActiveLinkIsOrderedByTheUser() {
        UserContext noLink = new UserContext(USER, "acme", Environment.LIVE, "user_12345", null);

        OutgoingWebhook webhook = cip.failed(new CipFailedEvent(USER, "cipv_1", "document_invalid", T0), noLink,
                Optional.empty(), EVT);

        assertThat(webhook.body()).endsWith("\"reason\":\"document_invalid\",\"linkId\":null}}");
        assertThat(webhook.orderingKey()).isEqualTo(USER);
        assertThat(webhook.callbackUrl()).isNull();
        assertThat(webhook.environment()).isEqualTo(Environment.LIVE);
    }

    // ---------------------------------------------------------------- operation.*

    @Test
    void operationCreatedCarriesExactDecimalAmountsAndNoPayoutAccount() {
        OutgoingWebhook webhook = operations.created(operationCreated(AMOUNT), CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("operation.created", "2026-02-10T14:30:00.000Z",
                "{\"operationId\":\"" + OPERATION + "\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\",\"userId\":\"" + USER + "\","
                + "\"status\":\"created\"," + AMOUNT_JSON + ",\"createdAt\":\"2026-02-10T14:30:00.000Z\"}"));
        assertThat(webhook.body()).doesNotContain(ACCOUNT_NUMBER).doesNotContain("5558").doesNotContain("payout")
                .doesNotContain("qt_0123456789");
        assertGoesToTheLinksCallbackInItsOrder(webhook);
        assertThat(webhook.partnerId()).isEqualTo("acme");
    }

    @Test
    void amountsAreNumbersWithTheirExactDecimalValueNeverInExponentForm() {
        OperationAmount amount = new OperationAmount(new BigDecimal("2999.00"), new BigDecimal("5.2E+4"),
                new BigDecimal("17.123456789"), new BigDecimal("0.10"), "USD", "COP");

        assertThat(operations.created(operationCreated(amount), CONTEXT, EVT).body())
                .contains("\"amount\":{\"send\":2999.00,\"receive\":52000,\"rate\":17.123456789,\"fee\":0.10,"
                        + "\"currency\":{\"source\":\"USD\",\"destination\":\"COP\"}}");
    }

    @Test
    void operationCompletedTakesTheAmountFromTheOperationsContext() {
        OperationCompletedEvent completed = new OperationCompletedEvent(OPERATION, USER, LINK, "acme",
                Environment.SANDBOX, "user_12345", T0.plusSeconds(20));

        OutgoingWebhook webhook = operations.completed(completed, OPERATION_CONTEXT, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("operation.completed", "2026-02-10T14:30:20.000Z",
                "{\"operationId\":\"" + OPERATION + "\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\",\"userId\":\"" + USER + "\","
                + "\"status\":\"completed\"," + AMOUNT_JSON + ",\"completedAt\":\"2026-02-10T14:30:20.000Z\"}"));
        assertGoesToTheLinksCallbackInItsOrder(webhook);
    }

    @Test
    void operationFailed() {
        OperationFailedEvent failed = new OperationFailedEvent(OPERATION, USER, LINK, "acme", Environment.SANDBOX,
                "user_12345", "account_closed", T0.plusSeconds(20));

        OutgoingWebhook webhook = operations.failed(failed, OPERATION_CONTEXT, Optional.empty(), EVT);

        assertThat(webhook.body()).isEqualTo(body("operation.failed", "2026-02-10T14:30:20.000Z",
                "{\"operationId\":\"" + OPERATION + "\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\",\"userId\":\"" + USER + "\","
                + "\"status\":\"failed\"," + AMOUNT_JSON + ",\"failedAt\":\"2026-02-10T14:30:20.000Z\","
                + "\"reason\":\"account_closed\"}"));
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.callbackUrl()).isNull();
    }

    @Test
    void operationFailedWithoutItsContextKeepsTheAmountMemberAsNull() {
        OperationFailedEvent failed = new OperationFailedEvent(OPERATION, USER, LINK, "acme", Environment.SANDBOX,
                "user_12345", "account_closed", T0);

        assertThat(operations.failed(failed, Optional.empty(), Optional.empty(), EVT).body())
                .contains("\"status\":\"failed\",\"amount\":null,\"failedAt\"");
    }

    @Test
    void operationCancelledHasNoAmount() {
        OperationCancelledEvent cancelled = new OperationCancelledEvent(OPERATION, USER, LINK, "acme",
                Environment.LIVE, "user_12345", "Changed my mind", T0.plusSeconds(30));

        OutgoingWebhook webhook = operations.cancelled(cancelled, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo(body("operation.cancelled", "2026-02-10T14:30:30.000Z",
                "{\"operationId\":\"" + OPERATION + "\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\",\"userId\":\"" + USER + "\","
                + "\"status\":\"cancelled\",\"cancelledAt\":\"2026-02-10T14:30:30.000Z\","
                + "\"reason\":\"Changed my mind\"}"));
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.environment()).isEqualTo(Environment.LIVE);
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }

    /** Ordered with the rest of the link's webhooks, sent to the callbackUrl the link was created with. */
    private static void assertGoesToTheLinksCallbackInItsOrder(OutgoingWebhook webhook) {
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }
}

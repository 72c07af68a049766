package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.webhook.common.PublicUrls;
import com.m2m.webhook.common.WebhookIds;
import org.junit.jupiter.api.Test;

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

    private static final Optional<LinkContext> CONTEXT = Optional.of(new LinkContext(LINK, "acme", Environment.SANDBOX,
            "user_12345", USER, "m2m-basic", Map.of("order", "42", "channel", "app"), "https://partner.example.com/cb"));

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

        assertThat(webhook.body()).isEqualTo("{\"id\":\"" + EVT + "\",\"event\":\"link.created\","
                + "\"timestamp\":\"2026-02-10T14:30:00.123Z\",\"data\":{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"url\":\"https://m2m.example.com/w/" + LINK + "/m2m-basic\","
                + "\"status\":\"created\",\"expiresAt\":\"2026-02-10T15:30:00.000Z\","
                + "\"createdAt\":\"2026-02-10T14:30:00.123Z\",\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}}");
        assertThat(webhook.body()).doesNotEndWith("\n").doesNotContain(TOKEN_HASH).doesNotContain("#");
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
        assertThat(webhook.partnerId()).isEqualTo("acme");
        assertThat(webhook.body()).isEqualTo(links.created(created(), EVT).body());
    }

    @Test
    void linkRevokedKeepsNulls() {
        LinkRevokedEvent revoked = new LinkRevokedEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345", null,
                T0.plusSeconds(60));

        OutgoingWebhook webhook = links.revoked(revoked, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo("{\"id\":\"" + EVT + "\",\"event\":\"link.revoked\","
                + "\"timestamp\":\"2026-02-10T14:31:00.000Z\",\"data\":{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"status\":\"revoked\",\"revokedAt\":\"2026-02-10T14:31:00.000Z\","
                + "\"reason\":null,\"metadata\":{\"channel\":\"app\",\"order\":\"42\"}}}");
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }

    @Test
    void linkExpired() {
        LinkExpiredEvent expired = new LinkExpiredEvent(LINK, USER, "acme", Environment.SANDBOX, "user_12345",
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)).plusSeconds(3));

        OutgoingWebhook webhook = links.expired(expired, Optional.empty(), EVT);

        assertThat(webhook.body()).isEqualTo("{\"id\":\"" + EVT + "\",\"event\":\"link.expired\","
                + "\"timestamp\":\"2026-02-10T15:30:03.000Z\",\"data\":{\"linkId\":\"" + LINK + "\","
                + "\"referenceId\":\"user_12345\",\"status\":\"expired\",\"expiredAt\":\"2026-02-10T15:30:00.000Z\","
                + "\"metadata\":{}}}");
        assertThat(webhook.callbackUrl()).isNull();
    }

    @Test
    void dataRequestCarriesFieldPathsAndAnAbsoluteReplyEndpoint() {
        DataRequestOpenedEvent opened = new DataRequestOpenedEvent(USER, "dr_acme_a1b2c3d4e5f6", LINK, "acme",
                Environment.LIVE, "user_12345", List.of(UserField.SECOND_NAME, UserField.ID_NUMBER, UserField.DOB),
                T0.plus(Duration.ofHours(1)), T0);

        OutgoingWebhook webhook = dataRequests.opened(opened, CONTEXT, EVT);

        assertThat(webhook.body()).isEqualTo("{\"id\":\"" + EVT + "\",\"event\":\"user.data_request\","
                + "\"timestamp\":\"2026-02-10T14:30:00.000Z\",\"data\":{\"dataRequestId\":\"dr_acme_a1b2c3d4e5f6\","
                + "\"referenceId\":\"user_12345\",\"linkId\":\"" + LINK + "\","
                + "\"requiredFields\":[\"name.secondName\",\"idNumber\",\"dob\"],"
                + "\"replyEndpoint\":\"https://m2m.example.com/partner/data-requests/dr_acme_a1b2c3d4e5f6\","
                + "\"expiresAt\":\"2026-02-10T15:30:00.000Z\"}}");
        assertThat(webhook.orderingKey()).isEqualTo(LINK);
        assertThat(webhook.environment()).isEqualTo(Environment.LIVE);
        assertThat(webhook.callbackUrl()).isEqualTo("https://partner.example.com/cb");
    }
}

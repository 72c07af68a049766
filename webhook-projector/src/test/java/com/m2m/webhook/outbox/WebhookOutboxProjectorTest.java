package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.webhook.support.MutableClock;
import com.m2m.webhook.support.TestWebhooks;
import org.axonframework.eventhandling.ReplayStatus;
import org.junit.jupiter.api.AfterEach;
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
    private final TestWebhooks webhooks = TestWebhooks.at(clock);
    private final WebhookOutboxProjector projector = webhooks.projector;

    @AfterEach
    void close() {
        webhooks.close();
    }

    private static LinkCreatedEvent link(String linkId, Environment environment, String callbackUrl) {
        return new LinkCreatedEvent(linkId, "user_acme_1", "acme", environment, "ref-1", "hash",
                new LinkOptions(Map.of("order", "42"), null, null, null, callbackUrl), T0.plus(Duration.ofHours(1)), T0);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private List<Map<String, Object>> deliveries() {
        return webhooks.db.jdbc().queryForList("SELECT * FROM webhook_delivery ORDER BY seq");
    }

    @Test
    void withoutATargetNothingIsWritten() {
        projector.on(link("link_acme_000000000001", SANDBOX, null), id(), REGULAR);

        assertThat(deliveries()).isEmpty();
    }

    @Test
    void theEnvironmentsUrlMakesADeliveryOfTheExactBody() {
        webhooks.configure("acme", SANDBOX, "https://partner.example.com/hooks");
        String messageId = id();
        LinkCreatedEvent event = link("link_acme_000000000001", SANDBOX, null);

        projector.on(event, messageId, REGULAR);

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

        projector.on(link("link_acme_000000000001", SANDBOX, null), id(), REGULAR);
        projector.on(link("link_acme_000000000002", LIVE, null), id(), REGULAR);

        assertThat(deliveries()).extracting(row -> row.get("ordering_key")).containsExactly("link_acme_000000000002");
    }

    @Test
    void theSubscriptionFilters() {
        webhooks.configure("acme", SANDBOX, "https://partner.example.com/hooks", "link.revoked");
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, null);

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
        webhooks.configure("acme", SANDBOX, "https://partner.example.com/hooks");
        String messageId = id();
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, null);

        projector.on(created, messageId, REGULAR);
        projector.on(created, messageId, REGULAR);

        assertThat(deliveries()).hasSize(1);
    }

    @Test
    void aReplayRebuildsTheContextButSendsNothing() {
        webhooks.configure("acme", SANDBOX, "https://partner.example.com/hooks");
        LinkCreatedEvent created = link("link_acme_000000000001", SANDBOX, null);
        String createdId = id();
        projector.on(created, createdId, REGULAR);

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
        projector.on(new UserCreatedEvent("user_acme_1", "acme", SANDBOX, "ref-1", List.of(UserField.DOB), T0));
        projector.on(new ActiveLinkAssignedEvent("user_acme_1", created.linkId(), created.expiresAt(), T0));
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
}

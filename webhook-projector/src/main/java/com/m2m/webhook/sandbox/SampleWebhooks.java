package com.m2m.webhook.sandbox;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.outbox.DataRequestWebhookMapper;
import com.m2m.webhook.outbox.LinkContext;
import com.m2m.webhook.outbox.LinkWebhookMapper;
import com.m2m.webhook.outbox.OutgoingWebhook;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.m2m.webhook.common.Json.timestamp;

/**
 * Plausible fake webhooks for {@code POST /partner/sandbox/webhooks/test}: fresh ids, a made-up user, no real data.
 * Events the platform already emits are built by the real mappers from fake domain events, so a sample has exactly
 * the shape the real webhook has. The others follow WEBHOOKS.md's shapes and are to be replaced by the real mapper
 * when their domain events exist.
 */
@Component
public class SampleWebhooks {

    static final String REFERENCE_ID = "sandbox_test_user";
    private static final Map<String, String> METADATA = Map.of("source", "sandbox-webhook-test");
    private static final Duration LIFETIME = Duration.ofMinutes(60);

    private final LinkWebhookMapper links;
    private final DataRequestWebhookMapper dataRequests;

    public SampleWebhooks(LinkWebhookMapper links, DataRequestWebhookMapper dataRequests) {
        this.links = links;
        this.dataRequests = dataRequests;
    }

    /** @throws IllegalArgumentException for an unknown event type (callers validate first) */
    public OutgoingWebhook sample(String event, Tenant tenant, Instant now) {
        Fake fake = new Fake(tenant, now);
        return switch (event) {
            case WebhookEventTypes.LINK_CREATED -> links.created(fake.linkCreated(), fake.webhookId);
            case WebhookEventTypes.LINK_REVOKED -> links.revoked(new LinkRevokedEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, "Sample revocation", now),
                    fake.linkContext(), fake.webhookId);
            case WebhookEventTypes.LINK_EXPIRED -> links.expired(new LinkExpiredEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, now, now), fake.linkContext(),
                    fake.webhookId);
            case WebhookEventTypes.USER_DATA_REQUEST -> dataRequests.opened(new DataRequestOpenedEvent(fake.userId,
                    Identifiers.newDataRequestId(tenant.partnerId()), fake.linkId, fake.partnerId(),
                    tenant.environment(), REFERENCE_ID, List.of(UserField.ID_NUMBER, UserField.DOB),
                    now.plus(LIFETIME), now), fake.linkContext(), fake.webhookId);
            case WebhookEventTypes.LINK_OPENED -> fake.webhook(event, linkOpened(fake));
            case WebhookEventTypes.LINK_COMPLETED -> fake.webhook(event, linkCompleted(fake));
            case WebhookEventTypes.USER_CIP_VERIFIED -> fake.webhook(event, cip(fake, "cip_verified", "verifiedAt", null));
            case WebhookEventTypes.USER_CIP_FAILED ->
                    fake.webhook(event, cip(fake, "cip_failed", "failedAt", "identity_mismatch"));
            case WebhookEventTypes.OPERATION_CREATED -> fake.webhook(event, operation(fake, "created", "createdAt", null));
            case WebhookEventTypes.OPERATION_COMPLETED ->
                    fake.webhook(event, operation(fake, "completed", "completedAt", null));
            case WebhookEventTypes.OPERATION_FAILED ->
                    fake.webhook(event, operation(fake, "failed", "failedAt", "account_closed"));
            case WebhookEventTypes.OPERATION_CANCELLED ->
                    fake.webhook(event, operation(fake, "cancelled", "cancelledAt", "Cancelled by the user"));
            default -> throw new IllegalArgumentException("Unknown webhook event " + event);
        };
    }

    private static Map<String, Object> linkOpened(Fake fake) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("userAgent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148");
        device.put("platform", "iOS");
        device.put("language", "es-MX");
        Map<String, Object> data = fake.linkData();
        data.put("openedAt", timestamp(fake.now));
        data.put("deviceInfo", device);
        data.put("metadata", METADATA);
        return data;
    }

    private static Map<String, Object> linkCompleted(Fake fake) {
        Map<String, Object> data = fake.linkData();
        data.put("status", "completed");
        data.put("completedAt", timestamp(fake.now));
        data.put("operationId", fake.operationId);
        data.put("metadata", METADATA);
        return data;
    }

    private static Map<String, Object> cip(Fake fake, String status, String atField, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", fake.userId);
        data.put("referenceId", REFERENCE_ID);
        data.put("linkId", fake.linkId);
        data.put("status", status);
        if (reason != null) {
            data.put("reason", reason);
        }
        data.put(atField, timestamp(fake.now));
        return data;
    }

    private static Map<String, Object> operation(Fake fake, String status, String atField, String reason) {
        Map<String, Object> currency = new LinkedHashMap<>();
        currency.put("source", "USD");
        currency.put("destination", "MXN");
        Map<String, Object> amount = new LinkedHashMap<>();
        amount.put("send", new BigDecimal("100.00"));
        amount.put("receive", new BigDecimal("1725.00"));
        amount.put("rate", new BigDecimal("17.25"));
        amount.put("fee", new BigDecimal("3.99"));
        amount.put("currency", currency);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operationId", fake.operationId);
        data.put("referenceId", REFERENCE_ID);
        data.put("linkId", fake.linkId);
        data.put("userId", fake.userId);
        data.put("status", status);
        data.put("amount", amount);
        data.put(atField, timestamp(fake.now));
        if (reason != null) {
            data.put("reason", reason);
        }
        return data;
    }

    /** One sample's made-up identities. */
    private static final class Fake {
        final Tenant tenant;
        final Instant now;
        final String webhookId = WebhookIds.newWebhookId();
        final String linkId;
        final String userId;
        final String operationId;

        Fake(Tenant tenant, Instant now) {
            this.tenant = tenant;
            this.now = now;
            this.linkId = Identifiers.newLinkId(tenant.partnerId());
            this.userId = "user_" + tenant.partnerId() + "_" + Identifiers.randomHex(10);
            this.operationId = "op_" + tenant.partnerId() + "_" + Identifiers.randomHex(6);
        }

        String partnerId() {
            return tenant.partnerId();
        }

        LinkCreatedEvent linkCreated() {
            return new LinkCreatedEvent(linkId, userId, partnerId(), tenant.environment(), REFERENCE_ID, null,
                    new LinkOptions(METADATA, null, null, null, null), now.plus(LIFETIME), now);
        }

        Optional<LinkContext> linkContext() {
            return Optional.of(new LinkContext(linkId, partnerId(), tenant.environment(), REFERENCE_ID, userId,
                    LinkOptions.DEFAULT_FLOW, METADATA, null));
        }

        Map<String, Object> linkData() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("linkId", linkId);
            data.put("referenceId", REFERENCE_ID);
            return data;
        }

        OutgoingWebhook webhook(String event, Map<String, Object> data) {
            return new OutgoingWebhook(webhookId, event, now, data, partnerId(), tenant.environment(), linkId, null);
        }
    }
}

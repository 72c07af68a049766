package com.m2m.webhook.sandbox;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.Tenant;
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
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.outbox.CipWebhookMapper;
import com.m2m.webhook.outbox.DataRequestWebhookMapper;
import com.m2m.webhook.outbox.LinkContext;
import com.m2m.webhook.outbox.LinkWebhookMapper;
import com.m2m.webhook.outbox.OperationContext;
import com.m2m.webhook.outbox.OperationWebhookMapper;
import com.m2m.webhook.outbox.OutgoingWebhook;
import com.m2m.webhook.outbox.UserContext;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plausible fake webhooks for {@code POST /partner/sandbox/webhooks/test}: fresh ids, a made-up user, no real data.
 * Every sample is built by the real mapper from a fake domain event, so it has exactly the shape the real webhook
 * has. The fake operation has no payout account at all: no sample carries personal data, real or made up.
 */
@Component
public record SampleWebhooks(LinkWebhookMapper links, DataRequestWebhookMapper dataRequests, CipWebhookMapper cip,
                             OperationWebhookMapper operations) {

    static final String REFERENCE_ID = "sandbox_test_user";
    private static final Map<String, String> METADATA = Map.of("source", "sandbox-webhook-test");
    private static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final DeviceInfo DEVICE = new DeviceInfo(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", "iOS", "es-MX");
    private static final OperationAmount AMOUNT = new OperationAmount(new BigDecimal("100.00"),
            new BigDecimal("1725.00"), new BigDecimal("17.25"), new BigDecimal("3.99"), "USD", "MXN");

    /** @throws IllegalArgumentException for an unknown event type (callers validate first) */
    public OutgoingWebhook sample(String event, Tenant tenant, Instant now) {
        Fake fake = new Fake(tenant, now);
        String id = fake.webhookId;
        return switch (event) {
            case WebhookEventTypes.LINK_CREATED -> links.created(fake.linkCreated(), id);
            case WebhookEventTypes.LINK_OPENED -> links.opened(new LinkOpenedEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, DEVICE, now), fake.linkContext(), id);
            case WebhookEventTypes.LINK_COMPLETED -> links.completed(new LinkCompletedEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, fake.operationId, now), fake.linkContext(), id);
            case WebhookEventTypes.LINK_REVOKED -> links.revoked(new LinkRevokedEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, "Sample revocation", now),
                    fake.linkContext(), id);
            case WebhookEventTypes.LINK_EXPIRED -> links.expired(new LinkExpiredEvent(fake.linkId, fake.userId,
                    fake.partnerId(), tenant.environment(), REFERENCE_ID, now, now), fake.linkContext(), id);
            case WebhookEventTypes.USER_DATA_REQUEST -> dataRequests.opened(new DataRequestOpenedEvent(fake.userId,
                    Identifiers.newDataRequestId(tenant.partnerId()), fake.linkId, fake.partnerId(),
                    tenant.environment(), REFERENCE_ID, List.of(UserField.ID_NUMBER, UserField.DOB),
                    now.plus(LIFETIME), now), fake.linkContext(), id);
            case WebhookEventTypes.USER_CIP_VERIFIED -> cip.verified(new CipVerifiedEvent(fake.userId,
                    fake.verificationId(), now), fake.userContext(), fake.linkContext(), id);
            case WebhookEventTypes.USER_CIP_FAILED -> cip.failed(new CipFailedEvent(fake.userId,
                    fake.verificationId(), "identity_mismatch", now), fake.userContext(), fake.linkContext(), id);
            case WebhookEventTypes.OPERATION_CREATED -> operations.created(new OperationCreatedEvent(
                    fake.operationId, fake.userId, fake.linkId, fake.partnerId(), tenant.environment(), REFERENCE_ID,
                    Identifiers.newQuoteId(), AMOUNT, new PayoutSummary("bank_account", "MX", "5558"), null, now),
                    fake.linkContext(), id);
            case WebhookEventTypes.OPERATION_COMPLETED -> operations.completed(new OperationCompletedEvent(
                    fake.operationId, fake.userId, fake.linkId, fake.partnerId(), tenant.environment(), REFERENCE_ID,
                    now), fake.operationContext(), fake.linkContext(), id);
            case WebhookEventTypes.OPERATION_FAILED -> operations.failed(new OperationFailedEvent(fake.operationId,
                    fake.userId, fake.linkId, fake.partnerId(), tenant.environment(), REFERENCE_ID, "account_closed",
                    now), fake.operationContext(), fake.linkContext(), id);
            case WebhookEventTypes.OPERATION_CANCELLED -> operations.cancelled(new OperationCancelledEvent(
                    fake.operationId, fake.userId, fake.linkId, fake.partnerId(), tenant.environment(), REFERENCE_ID,
                    "Cancelled by the user", now), fake.linkContext(), id);
            default -> throw new IllegalArgumentException("Unknown webhook event " + event);
        };
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
            this.operationId = Identifiers.newOperationId(tenant.partnerId());
        }

        String partnerId() {
            return tenant.partnerId();
        }

        String verificationId() {
            return "cipv_" + Identifiers.randomHex(8);
        }

        LinkCreatedEvent linkCreated() {
            return new LinkCreatedEvent(linkId, userId, partnerId(), tenant.environment(), REFERENCE_ID, null,
                    new LinkOptions(METADATA, null, null, null, null), now.plus(LIFETIME), now);
        }

        Optional<LinkContext> linkContext() {
            return Optional.of(new LinkContext(linkId, partnerId(), tenant.environment(), REFERENCE_ID, userId,
                    LinkOptions.DEFAULT_FLOW, METADATA, null));
        }

        UserContext userContext() {
            return new UserContext(userId, partnerId(), tenant.environment(), REFERENCE_ID, linkId);
        }

        Optional<OperationContext> operationContext() {
            return Optional.of(new OperationContext(operationId, partnerId(), tenant.environment(), REFERENCE_ID,
                    linkId, userId, AMOUNT));
        }
    }
}

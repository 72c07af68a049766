package com.m2m.webhook.outbox;

import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.webhook.WebhookEventTypes;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static com.m2m.domain.common.Timestamps.wire;

/**
 * {@code operation.*} webhooks (docs/webhooks.md, docs/api.md "Operations"), one method per event, ordered with the
 * operation's link and sent to its callbackUrl when it has one. Amounts are JSON numbers with the domain's exact
 * decimal value ({@code 100.00}, never a binary float). Neither the payout account (personal data) nor the payout
 * summary is ever part of a payload. {@code operation.processing} is not a webhook event.
 */
@Component
public class OperationWebhookMapper {

    /** {operationId, referenceId, linkId, userId, status: "created", amount, createdAt}. */
    public OutgoingWebhook created(OperationCreatedEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = priced(event, OperationStatus.CREATED, amount(event.amount()), "createdAt",
                event.createdAt());
        return webhook(WebhookEventTypes.OPERATION_CREATED, event.createdAt(), data, event, link, webhookId);
    }

    /** {operationId, referenceId, linkId, userId, status: "completed", amount, completedAt}. */
    public OutgoingWebhook completed(OperationCompletedEvent event, Optional<OperationContext> operation,
                                     Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = priced(event, OperationStatus.COMPLETED, amount(operation), "completedAt",
                event.completedAt());
        return webhook(WebhookEventTypes.OPERATION_COMPLETED, event.completedAt(), data, event, link, webhookId);
    }

    /** {operationId, referenceId, linkId, userId, status: "failed", amount, failedAt, reason}. */
    public OutgoingWebhook failed(OperationFailedEvent event, Optional<OperationContext> operation,
                                  Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = priced(event, OperationStatus.FAILED, amount(operation), "failedAt",
                event.failedAt());
        data.put("reason", event.reason());
        return webhook(WebhookEventTypes.OPERATION_FAILED, event.failedAt(), data, event, link, webhookId);
    }

    /** {operationId, referenceId, linkId, userId, status: "cancelled", cancelledAt, reason} (no amount). */
    public OutgoingWebhook cancelled(OperationCancelledEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = head(event, OperationStatus.CANCELLED);
        data.put("cancelledAt", wire(event.cancelledAt()));
        data.put("reason", event.reason());
        return webhook(WebhookEventTypes.OPERATION_CANCELLED, event.cancelledAt(), data, event, link, webhookId);
    }

    /** {send, receive, rate, fee, currency: {source, destination}}; null stays null. */
    public static Map<String, Object> amount(OperationAmount amount) {
        if (amount == null) {
            return null;
        }
        Map<String, Object> currency = new LinkedHashMap<>();
        currency.put("source", amount.sourceCurrency());
        currency.put("destination", amount.destinationCurrency());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("send", amount.send());
        json.put("receive", amount.receive());
        json.put("rate", amount.rate());
        json.put("fee", amount.fee());
        json.put("currency", currency);
        return json;
    }

    private static Map<String, Object> amount(Optional<OperationContext> operation) {
        return amount(operation.map(OperationContext::amount).orElse(null));
    }

    /** {@link #head}, then {amount, <atMember>}: the body of an operation that reached {@code status} with its amount. */
    private static Map<String, Object> priced(OperationEvent event, OperationStatus status, Map<String, Object> amount,
                                              String atMember, Instant at) {
        Map<String, Object> data = head(event, status);
        data.put("amount", amount);
        data.put(atMember, wire(at));
        return data;
    }

    /** {operationId, referenceId, linkId, userId, status}: how every operation.* body starts. */
    private static Map<String, Object> head(OperationEvent event, OperationStatus status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operationId", event.operationId());
        data.put("referenceId", event.referenceId());
        data.put("linkId", event.linkId());
        data.put("userId", event.userId());
        data.put("status", status.wireName());
        return data;
    }

    /** Ordered with the operation's link (its user when it has none), sent to the link's callbackUrl if any. */
    private static OutgoingWebhook webhook(String type, Instant at, Map<String, Object> data, OperationEvent event,
                                           Optional<LinkContext> link, String webhookId) {
        return new OutgoingWebhook(webhookId, type, at, data, event.partnerId(), event.environment(),
                orderingKey(event.linkId(), event.userId()), LinkWebhookMapper.callbackUrl(link));
    }

    private static String orderingKey(String linkId, String userId) {
        return linkId != null ? linkId : userId;
    }
}

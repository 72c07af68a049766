package com.m2m.webhook.outbox;

import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.PublicUrls;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static com.m2m.domain.common.Timestamps.wire;

/**
 * {@code link.*} webhooks (docs/webhooks.md "Events"), one method per event. Field order follows the reference;
 * metadata is sorted by key so a body is the same whenever it is built. The link's token is never included.
 */
@Component
public record LinkWebhookMapper(PublicUrls urls) {

    /** {@code link.created}: {linkId, referenceId, url, status, expiresAt, createdAt, metadata}. */
    public OutgoingWebhook created(LinkCreatedEvent event, String webhookId) {
        Map<String, Object> data = identity(event);
        data.put("url", urls.widget(event.linkId(), event.options().flow()));
        data.put("status", LinkStatus.CREATED.wireName());
        data.put("expiresAt", wire(event.expiresAt()));
        data.put("createdAt", wire(event.createdAt()));
        data.put("metadata", new TreeMap<>(event.options().metadata()));
        return new OutgoingWebhook(webhookId, WebhookEventTypes.LINK_CREATED, event.createdAt(), data,
                event.partnerId(), event.environment(), event.linkId(), event.options().callbackUrl());
    }

    /**
     * {@code link.opened} (first open only; the domain emits the event once): {linkId, referenceId, openedAt,
     * deviceInfo: {userAgent, platform, language}, metadata}. An unknown device is three nulls, never a missing
     * member.
     */
    public OutgoingWebhook opened(LinkOpenedEvent event, Optional<LinkContext> link, String webhookId) {
        DeviceInfo device = event.deviceInfo() == null ? DeviceInfo.UNKNOWN : event.deviceInfo();
        Map<String, Object> deviceInfo = new LinkedHashMap<>();
        deviceInfo.put("userAgent", device.userAgent());
        deviceInfo.put("platform", device.platform());
        deviceInfo.put("language", device.language());
        Map<String, Object> data = identity(event);
        data.put("openedAt", wire(event.openedAt()));
        data.put("deviceInfo", deviceInfo);
        return webhook(WebhookEventTypes.LINK_OPENED, event.openedAt(), data, event, link, webhookId);
    }

    /** {@code link.completed}: {linkId, referenceId, status, completedAt, operationId, metadata}. */
    public OutgoingWebhook completed(LinkCompletedEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = ended(event, LinkStatus.COMPLETED, "completedAt", event.completedAt());
        data.put("operationId", event.operationId());
        return webhook(WebhookEventTypes.LINK_COMPLETED, event.completedAt(), data, event, link, webhookId);
    }

    /** {@code link.revoked}: {linkId, referenceId, status, revokedAt, reason, metadata}. */
    public OutgoingWebhook revoked(LinkRevokedEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = ended(event, LinkStatus.REVOKED, "revokedAt", event.revokedAt());
        data.put("reason", event.reason());
        return webhook(WebhookEventTypes.LINK_REVOKED, event.revokedAt(), data, event, link, webhookId);
    }

    /**
     * {@code link.expired}: {linkId, referenceId, status, expiredAt, metadata}. {@code expiredAt} is the link's
     * expiry time; the webhook's {@code timestamp} is when the platform recorded it.
     */
    public OutgoingWebhook expired(LinkExpiredEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = ended(event, LinkStatus.EXPIRED, "expiredAt", event.expiredAt());
        return webhook(WebhookEventTypes.LINK_EXPIRED, event.recordedAt(), data, event, link, webhookId);
    }

    /** {linkId, referenceId}: how every link.* body starts. */
    private static Map<String, Object> identity(LinkEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("linkId", event.linkId());
        data.put("referenceId", event.referenceId());
        return data;
    }

    /** {linkId, referenceId, status, <atMember>}: the start of the body of a link that reached {@code status}. */
    private static Map<String, Object> ended(LinkEvent event, LinkStatus status, String atMember, Instant at) {
        Map<String, Object> data = identity(event);
        data.put("status", status.wireName());
        data.put(atMember, wire(at));
        return data;
    }

    /** Adds the link's stored metadata last; ordered by the link, sent to its callbackUrl if any. */
    private static OutgoingWebhook webhook(String type, Instant at, Map<String, Object> data, LinkEvent event,
                                           Optional<LinkContext> link, String webhookId) {
        data.put("metadata", metadata(link));
        return new OutgoingWebhook(webhookId, type, at, data, event.partnerId(), event.environment(), event.linkId(),
                callbackUrl(link));
    }

    static Map<String, String> metadata(Optional<LinkContext> link) {
        return link.map(LinkContext::metadata).<Map<String, String>>map(TreeMap::new).orElseGet(TreeMap::new);
    }

    static String callbackUrl(Optional<LinkContext> link) {
        return link.map(LinkContext::callbackUrl).orElse(null);
    }
}

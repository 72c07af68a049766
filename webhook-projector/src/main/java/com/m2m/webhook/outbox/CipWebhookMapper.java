package com.m2m.webhook.outbox;

import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.webhook.WebhookEventTypes;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static com.m2m.domain.common.Timestamps.wire;

/**
 * {@code user.cip_verified} and {@code user.cip_failed}. The events name only the user: partner, environment and
 * referenceId come from the user's context, {@code linkId} is the user's active link (null if none was ever
 * assigned), whose callbackUrl the webhook follows and whose id orders it (the user id when there is no link).
 * Never the verification's inputs: the user is named by {@code referenceId} and {@code userId} only.
 */
@Component
public class CipWebhookMapper {

    /** {referenceId, userId, status: "cip_verified", verifiedAt, linkId}. */
    public OutgoingWebhook verified(CipVerifiedEvent event, UserContext user, Optional<LinkContext> activeLink,
                                    String webhookId) {
        return webhook(WebhookEventTypes.USER_CIP_VERIFIED, event.at(), verifiedData(event.userId(), event.at(), user),
                user, activeLink, webhookId);
    }

    /**
     * Support approved a failed verification: the same {@code user.cip_verified} as a provider's approval, marked
     * {@code "reviewed": true} so the partner can tell (the review's reason and actor stay internal).
     */
    public OutgoingWebhook reviewedVerified(CipReviewedEvent event, UserContext user, Optional<LinkContext> activeLink,
                                            String webhookId) {
        Map<String, Object> data = verifiedData(event.userId(), event.at(), user);
        data.put("reviewed", true);
        return webhook(WebhookEventTypes.USER_CIP_VERIFIED, event.at(), data, user, activeLink, webhookId);
    }

    /** {referenceId, userId, status: "cip_failed", failedAt, reason, linkId}. */
    public OutgoingWebhook failed(CipFailedEvent event, UserContext user, Optional<LinkContext> activeLink,
                                  String webhookId) {
        Map<String, Object> data = head(event.userId(), user, UserStatus.CIP_FAILED, "failedAt", event.at());
        data.put("reason", event.reason());
        data.put("linkId", user.activeLinkId());
        return webhook(WebhookEventTypes.USER_CIP_FAILED, event.at(), data, user, activeLink, webhookId);
    }

    /** The one shape of {@code user.cip_verified}'s data, whoever verified. */
    private static Map<String, Object> verifiedData(String userId, Instant at, UserContext user) {
        Map<String, Object> data = head(userId, user, UserStatus.CIP_VERIFIED, "verifiedAt", at);
        data.put("linkId", user.activeLinkId());
        return data;
    }

    /** {referenceId, userId, status, <atMember>}: how both events' data start. */
    private static Map<String, Object> head(String userId, UserContext user, UserStatus status, String atMember,
                                            Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("referenceId", user.referenceId());
        data.put("userId", userId);
        data.put("status", status.wireName());
        data.put(atMember, wire(at));
        return data;
    }

    private static OutgoingWebhook webhook(String type, Instant at, Map<String, Object> data,
                                           UserContext user, Optional<LinkContext> activeLink, String webhookId) {
        String orderingKey = user.activeLinkId() != null ? user.activeLinkId() : user.userId();
        return new OutgoingWebhook(webhookId, type, at, data, user.partnerId(), user.environment(), orderingKey,
                LinkWebhookMapper.callbackUrl(activeLink));
    }
}

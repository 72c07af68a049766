package com.m2m.webhook.outbox;

import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.PublicUrls;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static com.m2m.domain.common.Timestamps.wire;

/** {@code user.data_request} (docs/webhooks.md, docs/api.md "Data requests"): only field paths, never values. */
@Component
public record DataRequestWebhookMapper(PublicUrls urls) {

    /** {dataRequestId, referenceId, linkId, requiredFields, replyEndpoint, expiresAt}; ordered with its link. */
    public OutgoingWebhook opened(DataRequestOpenedEvent event, Optional<LinkContext> link, String webhookId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dataRequestId", event.dataRequestId());
        data.put("referenceId", event.referenceId());
        data.put("linkId", event.linkId());
        data.put("requiredFields", event.requiredFields().stream().map(UserField::path).toList());
        data.put("replyEndpoint", urls.dataRequestReply(event.dataRequestId()));
        data.put("expiresAt", wire(event.expiresAt()));
        String orderingKey = event.linkId() != null ? event.linkId() : event.userId();
        return new OutgoingWebhook(webhookId, WebhookEventTypes.USER_DATA_REQUEST, event.at(), data,
                event.partnerId(), event.environment(), orderingKey, LinkWebhookMapper.callbackUrl(link));
    }
}

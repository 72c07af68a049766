package com.m2m.webhook.delivery;

import com.m2m.webhook.endpoint.WebhookEndpoint;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.signing.SigningKeys;
import com.m2m.webhook.signing.WebhookSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one attempt of a claimed delivery and records it. The target and the signing secrets are those the claim
 * read with the delivery, right before the attempt, so a partner who fixes its URL or rotates its secret gets the
 * retries (and replays) at the new URL, signed with the new secret.
 */
@Component
public record DeliveryAttempter(WebhookEndpointProjection endpoints, DeliveryStore store, WebhookSender sender,
                                TargetGuard guard, RetryPolicy retryPolicy, Clock clock, DeliveryMetrics metrics) {

    public static final String USER_AGENT = "M2M-Webhooks/1.0";

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempter.class);

    /** Without metrics (the module's own tests). */
    public DeliveryAttempter(WebhookEndpointProjection endpoints, DeliveryStore store, WebhookSender sender,
                             TargetGuard guard, RetryPolicy retryPolicy, Clock clock) {
        this(endpoints, store, sender, guard, retryPolicy, clock, DeliveryMetrics.NONE);
    }

    /** The one Spring uses. */
    @Autowired
    public DeliveryAttempter {
    }

    /**
     * Makes the attempt with the configured timeout and records it.
     *
     * @throws AttemptInterruptedException when the thread is interrupted (shutdown) before the attempt has a
     *                                     result: nothing is recorded and the lease is given back, so the attempt
     *                                     does not count and the delivery is attempted again
     */
    public AttemptReport attempt(ClaimedDelivery delivery) {
        return attempt(delivery, sender.timeout());
    }

    /** As {@link #attempt(ClaimedDelivery)}, waiting at most {@code timeout} (capped by the configured one). */
    public AttemptReport attempt(ClaimedDelivery delivery, Duration timeout) {
        Instant attemptedAt = clock.instant();
        AttemptOutcome outcome;
        try {
            outcome = send(delivery, attemptedAt, timeout);
        } catch (AttemptInterruptedException e) {
            giveBack(delivery);
            throw e;
        }
        RetryPolicy.Decision decision = retryPolicy.decide(delivery.attemptInBudget(), outcome, clock.instant());
        if (store.complete(delivery, attemptedAt, outcome, decision)) {
            metrics.recorded(outcome, decision.status());
        } else {
            log.warn("Webhook delivery {} attempt {}: lease lost before the result was recorded",
                    delivery.deliveryId(), delivery.attemptNumber());
        }
        log.info("Webhook delivery {} ({}) attempt {}: {} -> {}", delivery.deliveryId(), delivery.eventType(),
                delivery.attemptNumber(), outcome.httpStatus() != null ? "HTTP " + outcome.httpStatus()
                        : outcome.error(), decision.status());
        return new AttemptReport(delivery.deliveryId(), delivery.attemptNumber(), outcome, decision.status());
    }

    /** Releases the lease of an abandoned attempt; the interrupt is held back meanwhile so the update can run. */
    private void giveBack(ClaimedDelivery delivery) {
        boolean interrupted = Thread.interrupted();
        try {
            store.release(delivery);
        } catch (RuntimeException e) {
            // The lease then simply expires and the delivery is attempted again after that.
            log.warn("Webhook delivery {}: could not release the lease of an interrupted attempt: {}",
                    delivery.deliveryId(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private AttemptOutcome send(ClaimedDelivery delivery, Instant now, Duration timeout) {
        // As the claim read it, a moment ago: no second read per attempt.
        Optional<WebhookEndpoint> endpoint = Optional.ofNullable(delivery.endpoint())
                .map(stored -> endpoints.open(stored, delivery.partnerId(), delivery.environment()));
        String url = delivery.callbackUrl() != null ? delivery.callbackUrl()
                : endpoint.map(WebhookEndpoint::url).orElse(null);
        if (url == null) {
            return AttemptOutcome.error("No webhook URL is configured", 0);
        }
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            return AttemptOutcome.error("Invalid webhook URL", 0);
        }
        Optional<String> refusal = guard.refusal(target, delivery.environment());
        if (refusal.isPresent()) {
            return AttemptOutcome.error(refusal.get(), 0);
        }
        SigningKeys keys = endpoint.map(WebhookEndpoint::signingKeys).orElse(SigningKeys.single(null));
        byte[] body = delivery.bodyBytes();
        long timestamp = now.getEpochSecond();
        // Never send unsigned: a receiver could not tell us from anyone else. The platform creates a secret before the
        // first link with a callbackUrl, so this only happens to data written before that rule.
        if (keys.activeAt(now).isEmpty()) {
            return AttemptOutcome.error("No signing secret: call POST /partner/webhooks/config/regenerate-secret", 0);
        }
        String signature = WebhookSigner.header(keys, timestamp, body, now);
        return sender.post(delivery.environment(), target, headers(delivery, timestamp, signature), body, timeout);
    }

    static Map<String, String> headers(ClaimedDelivery delivery, long timestamp, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-M2M-Event", delivery.eventType());
        headers.put("X-M2M-Timestamp", Long.toString(timestamp));
        headers.put("X-M2M-Signature", signature);
        headers.put("X-M2M-Webhook-Id", delivery.webhookId());
        headers.put("X-M2M-Attempt", Integer.toString(delivery.attemptNumber()));
        headers.put("User-Agent", USER_AGENT);
        return headers;
    }
}

package com.m2m.webhook.sandbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.webhook.delivery.AttemptOutcome;
import com.m2m.webhook.delivery.AttemptReport;
import com.m2m.webhook.delivery.ClaimedDelivery;
import com.m2m.webhook.delivery.DeliveryAttempter;
import com.m2m.webhook.delivery.DeliveryStore;
import com.m2m.webhook.delivery.NewDelivery;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.outbox.OutgoingWebhook;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Sends a signed sample webhook to the sandbox environment's configured URL. The sample is an ordinary delivery
 * (listed, retried on failure, replayable) whose first attempt is made at once, in the request: the delivery is
 * written already leased by this request so the background dispatcher cannot attempt it at the same time.
 */
@Component
public class SandboxWebhookService {

    private final WebhookEndpointProjection endpoints;
    private final SampleWebhooks samples;
    private final DeliveryStore store;
    private final DeliveryAttempter attempter;
    private final WebhookProperties properties;
    private final Clock clock;

    public SandboxWebhookService(WebhookEndpointProjection endpoints, SampleWebhooks samples, DeliveryStore store,
                                 DeliveryAttempter attempter, WebhookProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.samples = samples;
        this.store = store;
        this.attempter = attempter;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws ResourceNotFoundException for a live tenant (sandbox helpers do not exist there)
     * @throws ValidationException       naming {@code event} when it is missing or unknown
     * @throws InvalidStateException     when the environment has no webhook URL
     */
    public SandboxTestResult test(Tenant tenant, Object event) {
        if (tenant.environment() != Environment.SANDBOX) {
            throw new ResourceNotFoundException("Resource not found");
        }
        String type = validEvent(event);
        if (endpoints.find(tenant.partnerId(), tenant.environment()).map(e -> e.url() == null).orElse(true)) {
            throw new InvalidStateException("No webhook URL is configured");
        }
        Instant now = clock.instant();
        OutgoingWebhook sample = samples.sample(type, tenant, now);
        String deliveryId = WebhookIds.newDeliveryId();
        // Ordered by itself only: a test sample never waits for, nor holds up, real deliveries.
        ClaimedDelivery delivery = store.insertClaimed(new NewDelivery(deliveryId, sample.webhookId(),
                        tenant.partnerId(), tenant.environment(), type, deliveryId, null, sample.body(), now, now),
                "sandbox-test-" + deliveryId, now.plus(properties.lease()));
        AttemptReport report = attempter.attempt(delivery);
        AttemptOutcome outcome = report.outcome();
        return new SandboxTestResult(deliveryId, sample.webhookId(), type, report.status().wireName(),
                new SandboxTestResult.Attempt(outcome.httpStatus(), outcome.error(), outcome.durationMs()));
    }

    private static String validEvent(Object event) {
        if (event == null || event instanceof String text && text.isBlank()) {
            throw new ValidationException("event", "The event field is required");
        }
        if (!(event instanceof String type) || !WebhookEventTypes.ALL.contains(type)) {
            throw new ValidationException("event",
                    "The event field must be one of: " + String.join(", ", WebhookEventTypes.ALL));
        }
        return type;
    }
}

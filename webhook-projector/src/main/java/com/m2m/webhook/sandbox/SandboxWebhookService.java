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
import com.m2m.webhook.delivery.TargetKey;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.outbox.OutgoingWebhook;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a signed sample webhook to the sandbox environment's configured URL. The sample is an ordinary delivery
 * (listed, retried on failure, replayable) whose first attempt is made at once, in the request: the delivery is
 * written already leased by this request so the background dispatcher cannot attempt it at the same time.
 *
 * <p>The attempt holds a request thread, so it is bounded: at most one test attempt per partner environment is in
 * flight at a time on this node (a second one is refused while the first runs), and it waits at most
 * {@link #MAX_TEST_TIMEOUT} (or the configured timeout when shorter). A receiver slower than that gets the test
 * reported as timed out, and the sample is retried in the background like any delivery.
 */
@Component
public class SandboxWebhookService {

    /** The longest a test attempt keeps the request waiting. */
    public static final Duration MAX_TEST_TIMEOUT = Duration.ofSeconds(10);

    private final WebhookEndpointProjection endpoints;
    private final SampleWebhooks samples;
    private final DeliveryStore store;
    private final DeliveryAttempter attempter;
    private final WebhookProperties properties;
    private final Clock clock;
    private final Set<TargetKey> testsInFlight = ConcurrentHashMap.newKeySet();

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
     * @throws InvalidStateException     when the environment has no webhook URL, or a test webhook of the
     *                                   environment is already being sent
     */
    public SandboxTestResult test(Tenant tenant, Object event) {
        if (tenant.environment() != Environment.SANDBOX) {
            throw new ResourceNotFoundException("Resource not found");
        }
        String type = validEvent(event);
        if (endpoints.find(tenant.partnerId(), tenant.environment()).map(e -> e.url() == null).orElse(true)) {
            throw new InvalidStateException("No webhook URL is configured");
        }
        TargetKey target = new TargetKey(tenant.partnerId(), tenant.environment());
        if (!testsInFlight.add(target)) {
            throw new InvalidStateException("A test webhook is already being sent");
        }
        try {
            return send(tenant, type);
        } finally {
            testsInFlight.remove(target);
        }
    }

    /** How long a test attempt may wait for the receiver. */
    public Duration testTimeout() {
        return properties.timeout().compareTo(MAX_TEST_TIMEOUT) < 0 ? properties.timeout() : MAX_TEST_TIMEOUT;
    }

    private SandboxTestResult send(Tenant tenant, String type) {
        Instant now = clock.instant();
        OutgoingWebhook sample = samples.sample(type, tenant, now);
        String deliveryId = WebhookIds.newDeliveryId();
        // Ordered by itself only: a test sample never waits for, nor holds up, real deliveries.
        ClaimedDelivery delivery = store.insertClaimed(new NewDelivery(deliveryId, sample.webhookId(),
                        tenant.partnerId(), tenant.environment(), type, deliveryId, null, sample.body(), now, now,
                        sample.linkId(), sample.referenceId()),
                "sandbox-test-" + deliveryId, now.plus(properties.lease()));
        AttemptReport report = attempter.attempt(delivery, testTimeout());
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

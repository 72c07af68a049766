package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.endpoint.StoredEndpoint;

import java.nio.charset.StandardCharsets;

/**
 * A delivery leased by {@code leaseOwner} for one attempt. {@code attempts} is the number of attempts recorded so
 * far, {@code budgetStart} its value when the current retry budget began (0, or the count at the last replay).
 * {@code endpoint} is its partner environment's endpoint row as the claim read it (null if there is none): the
 * attempt right after uses that URL and those secrets.
 */
public record ClaimedDelivery(String deliveryId, String leaseOwner, String webhookId, String partnerId,
                              Environment environment, String eventType, String callbackUrl, String body,
                              int attempts, int budgetStart, StoredEndpoint endpoint) {

    /** {@code X-M2M-Attempt}: counts up across replays. */
    public int attemptNumber() {
        return attempts + 1;
    }

    /** Which attempt of the current budget this is, for the retry schedule. */
    public int attemptInBudget() {
        return attemptNumber() - budgetStart;
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public TargetKey target() {
        return new TargetKey(partnerId, environment);
    }

    @Override
    public String toString() {
        // The body names the partner's user (referenceId): keep it out of logs.
        return "ClaimedDelivery[" + deliveryId + ", " + eventType + ", attempt " + attemptNumber() + "]";
    }
}

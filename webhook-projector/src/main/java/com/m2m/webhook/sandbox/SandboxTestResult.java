package com.m2m.webhook.sandbox;

/**
 * The answer of {@code POST /partner/sandbox/webhooks/test}: the delivery created and how its first attempt went.
 * {@code webhookId} (beyond) is the sample's body {@code id}.
 */
public record SandboxTestResult(String deliveryId, String webhookId, String event, String status, Attempt attempt) {

    public record Attempt(Integer httpStatus, String error, long durationMs) {
    }
}

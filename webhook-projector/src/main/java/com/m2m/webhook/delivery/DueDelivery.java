package com.m2m.webhook.delivery;

/** A delivery that may be claimed now. */
public record DueDelivery(String deliveryId, TargetKey target) {
}

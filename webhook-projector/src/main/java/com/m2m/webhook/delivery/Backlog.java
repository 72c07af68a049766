package com.m2m.webhook.delivery;

import java.time.Instant;

/**
 * What waits to be delivered for one partner environment: {@code pending} deliveries (due now, leased for an attempt
 * in flight, or waiting for a retry), and the oldest of them ({@code oldestPendingAt}, null when none), with its age
 * in whole seconds at {@code at}.
 */
public record Backlog(String partnerId, String environment, long pending, Instant oldestPendingAt,
                      Long oldestPendingAgeSeconds) {

    static Backlog of(String partnerId, String environment, long pending, Instant oldest, Instant at) {
        Long age = oldest == null ? null : Math.max(0, at.getEpochSecond() - oldest.getEpochSecond());
        return new Backlog(partnerId, environment, pending, pending == 0 ? null : oldest, pending == 0 ? null : age);
    }
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

import java.time.Instant;
import java.util.List;

/** An environment's webhook target and subscription, as they are after the change. */
public record WebhookConfiguredEvent(String partnerId, Environment environment, String url, List<String> events,
                                     Instant at) {
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

/** An environment's webhook target and subscription now. */
public record FindWebhookConfigurationQuery(String partnerId, Environment environment) {
}

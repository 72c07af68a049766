package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;

/** The unit of isolation between partners: one partner environment's endpoint(s). */
public record TargetKey(String partnerId, Environment environment) {
}

package com.m2m.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code m2m.payouts.*}: sandbox payouts.
 *
 * @param sandboxStepDelay a sandbox operation advances created → processing → completed/failed one step per this
 */
@ConfigurationProperties("m2m.payouts")
public record PayoutProperties(@DefaultValue("2s") Duration sandboxStepDelay) {

    public PayoutProperties {
        if (sandboxStepDelay == null || sandboxStepDelay.isNegative()) {
            throw new IllegalArgumentException("m2m.payouts.sandbox-step-delay must not be negative");
        }
    }
}

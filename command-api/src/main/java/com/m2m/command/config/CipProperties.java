package com.m2m.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code m2m.cip.*}: identity verification.
 *
 * @param sandboxDelay how long the sandbox verifier takes to decide after verification starts
 */
@ConfigurationProperties("m2m.cip")
public record CipProperties(@DefaultValue("2s") Duration sandboxDelay) {

    public CipProperties {
        if (sandboxDelay == null || sandboxDelay.isNegative()) {
            throw new IllegalArgumentException("m2m.cip.sandbox-delay must not be negative");
        }
    }
}

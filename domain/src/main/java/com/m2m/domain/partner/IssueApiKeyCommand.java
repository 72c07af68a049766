package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Issue a new API key: the partner draws keys from {@code keys} until one's listing prefix is free among its keys,
 * stores that key's SHA-256 only, and answers the key ({@link IssuedApiKey}) for the caller to show once.
 */
public record IssueApiKeyCommand(@TargetAggregateIdentifier String partnerId, Environment environment,
                                 ApiKeyGenerator keys, Instant at) {

    /** A key drawn from {@link ApiKeyGenerator#RANDOM}. */
    public IssueApiKeyCommand(String partnerId, Environment environment, Instant at) {
        this(partnerId, environment, ApiKeyGenerator.RANDOM, at);
    }
}

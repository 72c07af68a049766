package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

/**
 * Draws candidate API keys for {@link IssueApiKeyCommand}. Passed in the command so the aggregate can draw again
 * when a key's listing prefix is taken, inside its own decision; tests pass one that collides.
 */
@FunctionalInterface
public interface ApiKeyGenerator {

    /** Fresh random keys ({@link ApiKeys#generate}). */
    ApiKeyGenerator RANDOM = ApiKeys::generate;

    String next(Environment environment);
}

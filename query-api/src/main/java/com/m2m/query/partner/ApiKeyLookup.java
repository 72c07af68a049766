package com.m2m.query.partner;

import com.m2m.domain.common.Environment;

/**
 * What the authentication filter needs about a presented key (found by its SHA-256): whose it is, which
 * environment it opens, and whether it may still be used ({@code revoked}, {@code partnerActive}).
 */
public record ApiKeyLookup(String partnerId, Environment environment, String prefix, boolean revoked,
                           boolean partnerActive) {
}

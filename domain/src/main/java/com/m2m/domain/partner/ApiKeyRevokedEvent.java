package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;


import java.time.Instant;

/** A key stopped working. */
public record ApiKeyRevokedEvent(String partnerId, Environment environment, String prefix, String keyHash, Instant revokedAt) {
}

package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;


import java.time.Instant;

/** A key was issued; only its hash and its listing prefix are kept. */
public record ApiKeyIssuedEvent(String partnerId, Environment environment, String prefix, String keyHash, Instant issuedAt) {
}

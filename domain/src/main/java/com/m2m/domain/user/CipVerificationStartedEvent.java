package com.m2m.domain.user;

import java.time.Instant;

public record CipVerificationStartedEvent(String userId, String verificationId, Instant at) {
}

package com.m2m.domain.user;

import java.time.Instant;

public record CipVerifiedEvent(String userId, String verificationId, Instant at) {
}

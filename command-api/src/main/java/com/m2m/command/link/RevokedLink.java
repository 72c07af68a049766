package com.m2m.command.link;

import java.time.Instant;

public record RevokedLink(String linkId, String status, Instant revokedAt) {
}

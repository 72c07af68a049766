package com.m2m.domain.common;

import java.time.Instant;

/**
 * The end user's session in the widget, opened with the link's token: every widget call acts on this link and
 * user only.
 */
public record WidgetSession(String linkId, String userId, String partnerId, Environment environment,
                            Instant expiresAt) {
}

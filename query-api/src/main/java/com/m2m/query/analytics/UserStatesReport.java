package com.m2m.query.analytics;

import java.util.Map;

/**
 * {@code GET /analytics/users/states}: how many users are in each CIP state now, every state listed (zeros
 * included) in the domain's order, and their sum.
 */
public record UserStatesReport(Map<String, Long> states, long total) {
}

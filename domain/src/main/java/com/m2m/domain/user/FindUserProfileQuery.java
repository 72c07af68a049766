package com.m2m.domain.user;

/** The user's CIP state and payout destination, as the widget needs them to decide the next step. */
public record FindUserProfileQuery(String userId) {
}

package com.m2m.domain.user;

/** What support decided about a failed verification. */
public enum CipReviewDecision {
    APPROVED("approved"),
    REJECTED("rejected");

    private final String wireName;

    CipReviewDecision(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

package com.m2m.domain.user;

import com.m2m.domain.common.WireName;

/** What support decided about a failed verification. */
public enum CipReviewDecision implements WireName {
    APPROVED, REJECTED;

    @Override
    public String toString() {
        return wireName();
    }
}

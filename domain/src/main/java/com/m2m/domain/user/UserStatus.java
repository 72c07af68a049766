package com.m2m.domain.user;

/** The user's CIP state (docs/domain.md "CIP"). */
public enum UserStatus {
    PENDING("pending"),
    DATA_INCOMPLETE("data_incomplete"),
    DATA_COMPLETE("data_complete"),
    CIP_PENDING("cip_pending"),
    CIP_VERIFIED("cip_verified"),
    CIP_FAILED("cip_failed");

    private final String wireName;

    UserStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Verification has started or ended: data merges alone no longer move the state, an identity change does. */
    public boolean isVerificationStage() {
        return this == CIP_PENDING || this == CIP_VERIFIED || this == CIP_FAILED;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

package com.m2m.domain.user;

import com.m2m.domain.common.WireName;

/** The user's CIP state (docs/domain.md "CIP"). */
public enum UserStatus implements WireName {
    PENDING, DATA_INCOMPLETE, DATA_COMPLETE, CIP_PENDING, CIP_VERIFIED, CIP_FAILED;

    /** Verification has started or ended: data merges alone no longer move the state, an identity change does. */
    public boolean isVerificationStage() {
        return this == CIP_PENDING || this == CIP_VERIFIED || this == CIP_FAILED;
    }

    @Override
    public String toString() {
        return wireName();
    }
}

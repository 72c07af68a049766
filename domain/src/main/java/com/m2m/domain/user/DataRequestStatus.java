package com.m2m.domain.user;

import com.m2m.domain.common.WireName;

public enum DataRequestStatus implements WireName {
    PENDING, PARTIALLY_FULFILLED, FULFILLED, EXPIRED;

    @Override
    public String toString() {
        return wireName();
    }
}

package com.m2m.domain.partner;

import com.m2m.domain.common.WireName;

public enum PartnerStatus implements WireName {
    ACTIVE, SUSPENDED;

    @Override
    public String toString() {
        return wireName();
    }
}

package com.m2m.domain.operation;

import com.m2m.domain.common.WireName;

public enum OperationStatus implements WireName {
    CREATED, PROCESSING, COMPLETED, FAILED, CANCELLED;

    @Override
    public String toString() {
        return wireName();
    }
}

package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;

/**
 * What every event of an operation carries: the operation, its user, link and tenant. The event records implement
 * it with their own components, so a consumer can treat any operation event's identity alike; the stored JSON is
 * unchanged.
 */
public interface OperationEvent {

    String operationId();

    String userId();

    String linkId();

    String partnerId();

    Environment environment();

    String referenceId();
}

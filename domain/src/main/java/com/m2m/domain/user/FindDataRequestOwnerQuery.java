package com.m2m.domain.user;

import com.m2m.domain.common.Environment;

/** Which user a tenant's data request belongs to, to route the partner's answer to that user's aggregate. */
public record FindDataRequestOwnerQuery(String partnerId, Environment environment, String dataRequestId) {
}

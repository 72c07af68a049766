package com.m2m.domain.link;

import com.m2m.domain.common.Tenant;

/** The user a link was issued to, the tenant that issued it and the partner's reference for that user. */
public record LinkOwner(String userId, Tenant tenant, String referenceId) {
}

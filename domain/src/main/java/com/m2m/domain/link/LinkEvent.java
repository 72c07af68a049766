package com.m2m.domain.link;

import com.m2m.domain.common.Environment;

/**
 * What every event of a link carries: whose link it is. The event records implement it with their own components,
 * so a consumer (a webhook mapper, a projection) can treat any link event's identity alike; the stored JSON is
 * unchanged.
 */
public interface LinkEvent {

    String linkId();

    String userId();

    String partnerId();

    Environment environment();

    String referenceId();
}

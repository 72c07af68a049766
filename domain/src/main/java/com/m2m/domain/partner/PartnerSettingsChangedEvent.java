package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;


import java.time.Instant;

/** One environment's settings, whole, as they are after the change. */
public record PartnerSettingsChangedEvent(String partnerId, Environment environment, PartnerSettings settings, Instant at) {
}

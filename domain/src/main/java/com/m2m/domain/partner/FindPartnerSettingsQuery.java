package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

/** The settings a partner's environment has now. */
public record FindPartnerSettingsQuery(String partnerId, Environment environment) {
}

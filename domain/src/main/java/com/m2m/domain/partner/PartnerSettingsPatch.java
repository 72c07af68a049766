package com.m2m.domain.partner;

import java.util.List;

/** A validated settings change: null members are left as they are. */
public record PartnerSettingsPatch(Integer defaultExpiresInMinutes, List<String> cipRequiredFields,
                                   List<String> allowedPaymentMethods, String theme, List<String> allowedEmbedOrigins,
                                   Integer createLinksPerMinute, Integer requestsPerMinute) {
}

package com.m2m.domain.partner;

import com.m2m.domain.user.CipRequirements;

import java.util.List;

/**
 * One environment's settings of a partner. {@code createLinksPerMinute} and {@code requestsPerMinute} are null
 * when the platform-wide default applies.
 */
public record PartnerSettings(int defaultExpiresInMinutes, List<String> cipRequiredFields,
                              List<String> allowedPaymentMethods, String theme, List<String> allowedEmbedOrigins,
                              Integer createLinksPerMinute, Integer requestsPerMinute) {

    public static final PartnerSettings DEFAULTS = new PartnerSettings(60, CipRequirements.defaultRequiredPaths(),
            List.of("bank_account", "cash"), "light", List.of(), null, null);

    public PartnerSettings {
        cipRequiredFields = List.copyOf(cipRequiredFields);
        allowedPaymentMethods = List.copyOf(allowedPaymentMethods);
        allowedEmbedOrigins = List.copyOf(allowedEmbedOrigins);
    }

    /** These settings with every non-null member of {@code patch} applied: absent members keep their value. */
    public PartnerSettings with(PartnerSettingsPatch patch) {
        return new PartnerSettings(
                patch.defaultExpiresInMinutes() != null ? patch.defaultExpiresInMinutes() : defaultExpiresInMinutes,
                patch.cipRequiredFields() != null ? patch.cipRequiredFields() : cipRequiredFields,
                patch.allowedPaymentMethods() != null ? patch.allowedPaymentMethods() : allowedPaymentMethods,
                patch.theme() != null ? patch.theme() : theme,
                patch.allowedEmbedOrigins() != null ? patch.allowedEmbedOrigins() : allowedEmbedOrigins,
                patch.createLinksPerMinute() != null ? patch.createLinksPerMinute() : createLinksPerMinute,
                patch.requestsPerMinute() != null ? patch.requestsPerMinute() : requestsPerMinute);
    }
}

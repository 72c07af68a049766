package com.m2m.query.partner;

import com.m2m.domain.partner.PartnerSettings;

import java.util.List;

/** {@code GET /partner/profile}: the calling partner as seen from the environment of its key. */
public record PartnerProfile(String partnerId, String name, String status, String environment,
                             ProfileSettings settings) {

    /** The part of the settings a partner is shown. */
    public record ProfileSettings(int defaultExpiresInMinutes, List<String> allowedPaymentMethods, String theme) {

        public static ProfileSettings of(PartnerSettings settings) {
            return new ProfileSettings(settings.defaultExpiresInMinutes(), settings.allowedPaymentMethods(),
                    settings.theme());
        }
    }
}

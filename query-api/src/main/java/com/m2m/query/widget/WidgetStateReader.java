package com.m2m.query.widget;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.link.WidgetStep;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserProfile;
import com.m2m.domain.user.UserStatus;
import com.m2m.query.link.LinkView;
import com.m2m.query.link.LinkQueries;
import com.m2m.query.operation.OperationView;
import com.m2m.query.operation.OperationViewProjection;
import com.m2m.query.partner.PartnerDirectoryProjection;
import com.m2m.query.partner.PartnerSummary;
import com.m2m.query.user.UserViewProjection;
import com.m2m.query.user.WidgetFieldView;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Assembles {@link WidgetState} for a widget session from the read models: the link (link-view), the partner's
 * name and theme (partner-directory), the user's CIP state and widget masks (user-view) and the link's latest
 * operation (operation-view).
 *
 * <p><b>Next step</b>: {@link WidgetStep#next} ({@code verify} covers {@code data_complete}: consent and start;
 * {@code cip_pending}: wait; {@code cip_failed}: the failure message).
 * A link in a final state ({@code revoked}, {@code expired}, {@code completed}) answers only that: its
 * {@code link}, {@code nextStep} {@code done}, its operation if it made one, and {@code user} null (no masks).
 */
@Component
public record WidgetStateReader(LinkQueries links, UserViewProjection users, OperationViewProjection operations,
                                PartnerDirectoryProjection directory) {

    /** Link statuses after which nothing can happen any more. */
    private static final Set<String> FINAL = Set.of(LinkStatus.REVOKED.wireName(), LinkStatus.EXPIRED.wireName(),
            LinkStatus.COMPLETED.wireName());

    /**
     * @throws ResourceNotFoundException "Link not found" when the session's link is not (or no longer) in the view
     */
    public WidgetState state(WidgetSession session) {
        LinkView link = links.find(session.partnerId(), session.environment(), session.linkId())
                .orElseThrow(() -> new ResourceNotFoundException("Link not found"));
        Optional<PartnerSummary> partner = directory.findPartner(session.partnerId());
        String theme = link.theme() != null ? link.theme()
                : partner.map(p -> directory.settings(p.partnerId(), session.environment()).theme())
                .orElse(PartnerSettings.DEFAULTS.theme());
        WidgetState.LinkState linkState = new WidgetState.LinkState(link.linkId(), link.status(), link.expiresAt(),
                link.language(), theme, partner.map(PartnerSummary::name).orElse(null));

        if (FINAL.contains(link.status())) {
            // The link is over: the page shows only how it ended (and the operation it made), so nothing of the
            // user — not even a mask — is served to a session that can no longer act.
            return new WidgetState(linkState, null, WidgetState.DONE,
                    operations.latestOfLink(link.linkId()).orElse(null));
        }

        Optional<UserProfile> profile = users.findProfile(link.userId());
        Map<String, Object> prefilled = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, WidgetFieldView> field : users.widgetFields(link.userId()).entrySet()) {
            prefilled.put(field.getKey(), field.getValue().mask());
            sources.put(field.getKey(), field.getValue().source());
        }
        UserStatus status = profile.map(UserProfile::status).orElse(UserStatus.PENDING);
        List<String> missing = profile.map(p -> p.missingFields().stream().map(UserField::path).toList())
                .orElse(List.of());
        WidgetState.PaymentMethodState paymentMethod = profile.filter(UserProfile::hasPaymentMethod)
                .map(p -> new WidgetState.PaymentMethodState(p.paymentMethodType(), p.paymentCountry(),
                        p.paymentLast4()))
                .orElse(null);
        WidgetState.UserState user = new WidgetState.UserState(status.wireName(), missing, prefilled, sources,
                paymentMethod);

        OperationView operation = operations.latestOfLink(link.linkId()).orElse(null);
        return new WidgetState(linkState, user, nextStep(link, status, missing, paymentMethod != null, operation),
                operation);
    }

    static String nextStep(LinkView link, UserStatus status, List<String> missingFields, boolean hasPaymentMethod,
                           OperationView operation) {
        boolean linkDone = LinkStatus.COMPLETED.wireName().equals(link.status()) || operation != null;
        return WidgetStep.next(linkDone, status, !missingFields.isEmpty(), hasPaymentMethod).wireName();
    }
}

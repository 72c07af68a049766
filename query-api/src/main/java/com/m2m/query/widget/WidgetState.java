package com.m2m.query.widget;

import com.m2m.domain.link.WidgetStep;
import com.m2m.query.operation.OperationView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /widget/api/state} (docs/widget.md "Widget API"): what the widget page needs to decide what to show.
 * Never a full personal value: the user's known fields appear only as their widget masks.
 *
 * @param nextStep  {@code details}, {@code verify}, {@code send} or {@code done} (see {@link WidgetStateReader})
 * @param user      null once the link is revoked, expired or completed: a finished link shows nothing of its user
 * @param operation the latest operation made from this link, as in {@code GET /partner/operations}; null if none
 */
public record WidgetState(LinkState link, UserState user, String nextStep, OperationView operation) {

    public static final String DETAILS = WidgetStep.DETAILS.wireName();
    public static final String VERIFY = WidgetStep.VERIFY.wireName();
    public static final String SEND = WidgetStep.SEND.wireName();
    public static final String DONE = WidgetStep.DONE.wireName();

    /**
     * The link as the page shows it. {@code status} is the effective status ({@code expired} once the time is
     * up); {@code language} null lets the browser decide; {@code theme} is the link's, else the partner's setting
     * for the environment; {@code partnerName} the partner's display name.
     */
    public record LinkState(String linkId, String status, Instant expiresAt, String language, String theme,
                            String partnerName) {
    }

    /**
     * The user: CIP {@code status}, the required fields still {@code missingFields} (paths), {@code prefilled}
     * (path → widget mask, e.g. {@code "name.firstName": "J***"}, or {@code {"erased": true}} once forgotten) for every field already known, {@code sources}
     * (path → who wrote it: {@code partner_api}, {@code partner_webhook}, {@code widget}; a partner's value is
     * shown read-only) and the payout destination ({@code null} when none yet).
     */
    public record UserState(String status, List<String> missingFields, Map<String, Object> prefilled,
                            Map<String, String> sources, PaymentMethodState paymentMethod) {

        public UserState {
            missingFields = List.copyOf(missingFields);
        }
    }

    /** {@code bank_account} (with its country) or {@code cash} (country null), and the last four characters. */
    public record PaymentMethodState(String type, String country, String last4) {
    }
}

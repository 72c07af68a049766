package com.m2m.domain.link;

import com.m2m.domain.user.UserStatus;

/**
 * The step the widget shows next (docs/widget.md): the one rule both the widget's state and its details answer
 * apply. First rule that applies:
 * <ol>
 * <li>{@link #DONE}: the link is completed, or an operation was made from it;</li>
 * <li>{@link #DETAILS}: required fields are missing, or the user has no payment method;</li>
 * <li>{@link #VERIFY}: the user is not {@code cip_verified};</li>
 * <li>{@link #SEND}.</li>
 * </ol>
 */
public enum WidgetStep {
    DETAILS("details"), VERIFY("verify"), SEND("send"), DONE("done");

    private final String wireName;

    WidgetStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * @param linkDone          the link is completed or an operation was made from it
     * @param status            the user's status
     * @param fieldsMissing     some required field is still missing
     * @param hasPaymentMethod  the user has a payment method
     */
    public static WidgetStep next(boolean linkDone, UserStatus status, boolean fieldsMissing,
                                  boolean hasPaymentMethod) {
        if (linkDone) {
            return DONE;
        }
        if (fieldsMissing || !hasPaymentMethod) {
            return DETAILS;
        }
        return status == UserStatus.CIP_VERIFIED ? SEND : VERIFY;
    }
}

package com.m2m.domain.webhook;

import java.util.List;

/** Every webhook event a partner can receive (docs/webhooks.md "Events"); a subscription is a subset of these. */
public final class WebhookEventTypes {

    public static final String LINK_CREATED = "link.created";
    public static final String LINK_OPENED = "link.opened";
    public static final String LINK_COMPLETED = "link.completed";
    public static final String LINK_EXPIRED = "link.expired";
    public static final String LINK_REVOKED = "link.revoked";
    public static final String USER_DATA_REQUEST = "user.data_request";
    public static final String USER_CIP_VERIFIED = "user.cip_verified";
    public static final String USER_CIP_FAILED = "user.cip_failed";
    public static final String OPERATION_CREATED = "operation.created";
    public static final String OPERATION_COMPLETED = "operation.completed";
    public static final String OPERATION_FAILED = "operation.failed";
    public static final String OPERATION_CANCELLED = "operation.cancelled";

    public static final List<String> ALL = List.of(LINK_CREATED, LINK_OPENED, LINK_COMPLETED, LINK_EXPIRED,
            LINK_REVOKED, USER_DATA_REQUEST, USER_CIP_VERIFIED, USER_CIP_FAILED, OPERATION_CREATED,
            OPERATION_COMPLETED, OPERATION_FAILED, OPERATION_CANCELLED);

    private WebhookEventTypes() {
    }
}

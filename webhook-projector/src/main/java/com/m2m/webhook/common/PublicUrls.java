package com.m2m.webhook.common;

import com.m2m.domain.link.WidgetLinks;
import com.m2m.webhook.config.PublicUrlProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Absolute URLs under {@code m2m.public-base-url} that webhook payloads carry. */
@Component
public class PublicUrls {

    private final String base;

    @Autowired
    public PublicUrls(PublicUrlProperties properties) {
        this(properties.publicBaseUrl());
    }

    public PublicUrls(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The link's widget URL without its token: the token is shown once, in the creation response only. */
    public String widget(String linkId, String flow) {
        return WidgetLinks.url(base, linkId, flow);
    }

    /** Where the partner answers a data request: {@code PUT /partner/data-requests/{id}}. */
    public String dataRequestReply(String dataRequestId) {
        return base + "/partner/data-requests/" + dataRequestId;
    }
}

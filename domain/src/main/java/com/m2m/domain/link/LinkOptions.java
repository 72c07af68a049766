package com.m2m.domain.link;

import java.util.Map;

/** What the partner chose for one link's widget and notifications. Nulls mean "not chosen". */
public record LinkOptions(Map<String, String> metadata, String flow, String theme, String language,
                          String callbackUrl) {

    public static final String DEFAULT_FLOW = "m2m-basic";

    public LinkOptions {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        flow = flow == null ? DEFAULT_FLOW : flow;
    }
}

package com.m2m.domain.link;

/** What the widget reports about the end user's device when a link is opened (sent in {@code link.opened}). */
public record DeviceInfo(String userAgent, String platform, String language) {

    public static final DeviceInfo UNKNOWN = new DeviceInfo(null, null, null);
}

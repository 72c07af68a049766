package com.m2m.domain.common;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The rule for {@code m2m.public-base-url}, where this platform is reached from outside. The command side (the
 * widget URL in a link's 201), the read side (the same URL in link reads) and the webhooks (absolute URLs in
 * payloads) each bind the setting; they check it here so that all three accept the same values and a bad one stops
 * the start wherever it is read first.
 */
public final class PublicBaseUrl {

    /** The local install's address. */
    public static final String DEFAULT = "http://localhost:8080";

    private PublicBaseUrl() {
    }

    /**
     * @return {@code value}: an absolute http(s) URL without query or fragment (a trailing slash is allowed and
     *         ignored where URLs are built, see {@link com.m2m.domain.link.WidgetLinks})
     * @throws IllegalArgumentException naming the setting otherwise
     */
    public static String checked(String value) {
        if (!isAbsoluteHttpUrl(value)) {
            throw new IllegalArgumentException("m2m.public-base-url must be an absolute http or https URL, was: "
                    + value);
        }
        return value;
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

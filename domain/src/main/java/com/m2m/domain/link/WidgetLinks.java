package com.m2m.domain.link;

/**
 * The one shape of a link's widget URL: {@code <public base URL>/w/<linkId>/<flow>}. The link views and webhook
 * payloads carry it without the token; only the creation response adds the token, as the URL's fragment (a
 * fragment is never sent to a server, so the token stays out of access logs and referrers).
 */
public final class WidgetLinks {

    private WidgetLinks() {
    }

    /** The widget URL under {@code publicBaseUrl} (a trailing slash on it is ignored); no token. */
    public static String url(String publicBaseUrl, String linkId, String flow) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        return base + "/w/" + linkId + "/" + flow;
    }

    /** The URL the creation response shows once: {@link #url} with the link's token as its fragment. */
    public static String urlWithToken(String publicBaseUrl, String linkId, String flow, String token) {
        return url(publicBaseUrl, linkId, flow) + "#" + token;
    }
}

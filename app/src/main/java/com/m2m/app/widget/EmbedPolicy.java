package com.m2m.app.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which origins may frame the widget page of a link: its partner's {@code allowedEmbedOrigins} for the link's
 * environment, read from the read models ({@code link_view}, {@code partner_settings}). An unknown link, a
 * partner without settings or an unreadable settings row all mean "nobody but ourselves".
 */
@Component
public class EmbedPolicy {

    private static final Logger log = LoggerFactory.getLogger(EmbedPolicy.class);

    /** What may appear in a CSP source list: scheme, host, optional port; nothing that could end the directive. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public EmbedPolicy(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> allowedOrigins(String linkId) {
        try {
            List<Map<String, Object>> links = jdbc.queryForList(
                    "SELECT partner_id, environment FROM link_view WHERE link_id = ?", linkId);
            if (links.isEmpty()) {
                return List.of();
            }
            List<String> settings = jdbc.queryForList(
                    "SELECT settings FROM partner_settings WHERE partner_id = ? AND environment = ?", String.class,
                    links.get(0).get("partner_id"), links.get(0).get("environment"));
            return settings.isEmpty() ? List.of() : origins(settings.get(0));
        } catch (Exception e) {
            // Fail closed: the page is still served, but only we may frame it.
            log.warn("Cannot read the embed origins of link {}: {}", linkId, e.toString());
            return List.of();
        }
    }

    static List<String> origins(String settingsJson) throws java.io.IOException {
        JsonNode node = JSON.readTree(settingsJson).path("allowedEmbedOrigins");
        List<String> origins = new ArrayList<>();
        for (JsonNode origin : node) {
            String value = origin.asText("");
            if (value.endsWith("/")) {
                value = value.substring(0, value.length() - 1);
            }
            if (ORIGIN.matcher(value).matches() && !origins.contains(value)) {
                origins.add(value);
            }
        }
        return origins;
    }

    /** The page's Content-Security-Policy: everything from ourselves only; framing by us and the given origins. */
    public static String contentSecurityPolicy(List<String> frameAncestors) {
        StringBuilder ancestors = new StringBuilder("'self'");
        frameAncestors.forEach(origin -> ancestors.append(' ').append(origin));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "frame-ancestors " + ancestors + "; base-uri 'none'; object-src 'none'; form-action 'self'";
    }
}

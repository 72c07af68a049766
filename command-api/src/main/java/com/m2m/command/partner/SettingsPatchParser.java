package com.m2m.command.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.common.JsonBodies;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.partner.PartnerSettingsPatch;
import com.m2m.domain.user.UserField;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validates {@code PUT /admin/partners/{id}/settings/{environment}}; absent members stay null (= unchanged). */
final class SettingsPatchParser {

    private static final Set<String> MEMBERS = Set.of("defaultExpiresInMinutes", "cipRequiredFields",
            "allowedPaymentMethods", "theme", "allowedEmbedOrigins", "createLinksPerMinute", "requestsPerMinute");
    private static final Set<String> PAYMENT_METHODS = Set.of("bank_account", "cash");
    private static final Set<String> THEMES = Set.of("light", "dark");

    private SettingsPatchParser() {
    }

    static PartnerSettingsPatch parse(JsonNode body, Environment environment) {
        JsonBodies.requireObject(body, MEMBERS);
        return new PartnerSettingsPatch(
                integer(body, "defaultExpiresInMinutes", 5, 10080),
                strings(body, "cipRequiredFields", path -> UserField.byPath(path).isPresent(),
                        "must list user field paths such as name.firstName or idNumber"),
                strings(body, "allowedPaymentMethods", PAYMENT_METHODS::contains,
                        "must list values among bank_account, cash"),
                theme(body),
                strings(body, "allowedEmbedOrigins", origin -> isOrigin(origin, environment),
                        environment == Environment.LIVE ? "must list https origins such as https://app.example.com"
                                : "must list http(s) origins such as https://app.example.com"),
                integer(body, "createLinksPerMinute", 1, 100_000),
                integer(body, "requestsPerMinute", 1, 1_000_000));
    }

    private static Integer integer(JsonNode body, String field, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new ValidationException(field, "The " + field + " field must be a whole number from " + min
                    + " to " + max);
        }
        return node.asInt();
    }

    private static List<String> strings(JsonNode body, String field, java.util.function.Predicate<String> valid,
                                        String rule) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new ValidationException(field, "The " + field + " field " + rule);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !valid.test(item.asText())) {
                throw new ValidationException(field, "The " + field + " field " + rule);
            }
            if (!values.contains(item.asText())) {
                values.add(item.asText());
            }
        }
        return values;
    }

    private static String theme(JsonNode body) {
        JsonNode node = body.get("theme");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !THEMES.contains(node.asText())) {
            throw new ValidationException("theme", "The theme field must be one of: dark, light");
        }
        return node.asText();
    }

    private static boolean isOrigin(String value, Environment environment) {
        try {
            URI uri = new URI(value);
            boolean schemeAllowed = "https".equals(uri.getScheme())
                    || ("http".equals(uri.getScheme()) && environment == Environment.SANDBOX);
            return schemeAllowed && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}

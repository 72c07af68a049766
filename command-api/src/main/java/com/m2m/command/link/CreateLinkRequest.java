package com.m2m.command.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.userdata.UserDataParser;
import com.m2m.command.webhook.WebhookTargets;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.user.UserData;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The validated body of {@code POST /partner/links}. Members we do not know at the top level are ignored, so that
 * clients written against the reference keep working if it grows; inside {@code userData} (personal data) every
 * unknown member is refused.
 */
public record CreateLinkRequest(String referenceId, UserData userData, Integer expiresInMinutes, LinkOptions options) {

    static final int MIN_EXPIRES_IN_MINUTES = 5;
    static final int MAX_EXPIRES_IN_MINUTES = 10080;
    private static final Set<String> FLOWS = Set.of(LinkOptions.DEFAULT_FLOW);
    private static final Set<String> THEMES = Set.of("light", "dark");
    private static final Set<String> LANGUAGES = Set.of("en", "es");

    public static CreateLinkRequest parse(JsonNode body, Environment environment, UserDataParser userDataParser,
                                          WebhookTargets webhookTargets) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(null, "The request body must be a JSON object");
        }
        String referenceId = referenceId(body);
        JsonNode userDataNode = body.get("userData");
        UserData userData = userDataNode == null || userDataNode.isNull()
                ? UserData.EMPTY : userDataParser.parse(userDataNode);
        Integer expiresInMinutes = expiresInMinutes(body.get("expiresInMinutes"));
        LinkOptions options = new LinkOptions(metadata(body.get("metadata")),
                oneOf(body, "flow", FLOWS), oneOf(body, "theme", THEMES), oneOf(body, "language", LANGUAGES),
                callbackUrl(body.get("callbackUrl"), environment, webhookTargets));
        return new CreateLinkRequest(referenceId, userData, expiresInMinutes, options);
    }

    static String referenceId(JsonNode body) {
        JsonNode node = body.get("referenceId");
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            throw new ValidationException("referenceId", "The referenceId field is required");
        }
        return Identifiers.requireReferenceId("referenceId", node.isTextual() ? node.asText() : null);
    }

    private static Integer expiresInMinutes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < MIN_EXPIRES_IN_MINUTES
                || node.asInt() > MAX_EXPIRES_IN_MINUTES) {
            throw new ValidationException("expiresInMinutes",
                    "The expiresInMinutes field must be a whole number from 5 to 10080");
        }
        return node.asInt();
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ValidationException("metadata", "The metadata field must be an object of string values");
        }
        if (node.size() > 50) {
            throw new ValidationException("metadata", "The metadata field may hold at most 50 keys");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = "metadata." + entry.getKey();
            if (entry.getKey().isEmpty() || entry.getKey().length() > 40) {
                throw new ValidationException(field, "Metadata keys must be 1 to 40 characters");
            }
            if (!entry.getValue().isTextual()) {
                throw new ValidationException(field, "The " + field + " field must be a string");
            }
            if (entry.getValue().asText().length() > 500) {
                throw new ValidationException(field, "The " + field + " field must be at most 500 characters");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
        return metadata;
    }

    private static String oneOf(JsonNode body, String field, Set<String> allowed) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            throw new ValidationException(field, "The " + field + " field must be one of: "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return node.asText();
    }

    private static String callbackUrl(JsonNode node, Environment environment, WebhookTargets webhookTargets) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ValidationException("callbackUrl", "The callbackUrl field must be a string");
        }
        return webhookTargets.validate(node.asText(), environment, "callbackUrl");
    }
}

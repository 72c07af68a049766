package com.m2m.command.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.common.ValidationException;

import java.util.Iterator;
import java.util.Set;

/** Small checks shared by the command endpoints' JSON bodies (operator endpoints, the webhook configuration). */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static void requireObject(JsonNode body, Set<String> allowedMembers) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(null, "The request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedMembers.contains(name)) {
                throw new ValidationException(name, "Unknown field " + name);
            }
        }
    }

    public static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new ValidationException(field, "The " + field + " field is required");
        }
        if (!node.isTextual()) {
            throw new ValidationException(field, "The " + field + " field must be a string");
        }
        return node.asText();
    }
}

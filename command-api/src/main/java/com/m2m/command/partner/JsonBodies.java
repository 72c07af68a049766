package com.m2m.command.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.common.ValidationException;

import java.util.Iterator;
import java.util.Set;

/** Small checks shared by the operator endpoints' JSON bodies. */
final class JsonBodies {

    private JsonBodies() {
    }

    static void requireObject(JsonNode body, Set<String> allowedMembers) {
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

    static String requiredText(JsonNode body, String field) {
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

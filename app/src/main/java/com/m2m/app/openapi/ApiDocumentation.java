package com.m2m.app.openapi;

import com.m2m.app.web.ErrorCode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Completes the generated document by rule, so a route added later gets its envelope, errors and security without
 * anyone remembering to: every JSON success schema goes inside {@code {success, data}}; every route lists the error
 * codes its path prefix and method can answer (authentication, roles, rate limits, idempotency, unknown ids,
 * bad input, internal error) plus the ones {@code openapi/routes.yaml} names for it; the security scheme follows the
 * same path rules as the authentication filters. {@code routes.yaml} is a partial OpenAPI document: what a route
 * needs beyond the rules (summary, description, the schema and examples of a JSON-tree request body, non-JSON
 * answers), merged operation by operation.
 */
final class ApiDocumentation implements OpenApiCustomizer {

    static final String ROUTES = "openapi/routes.yaml";
    /** An example message per error code, as the platform words it ({@code CODE=message}). */
    static final String ERROR_MESSAGES = "openapi/error-messages.properties";
    private static final String ERROR_CODES = "x-error-codes";
    private static final String SUCCESS_EXAMPLE = "x-success-example";
    private static final String PARAMETER_DESCRIPTIONS = "x-parameter-descriptions";
    private static final String PARAMETER_SCHEMAS = "x-parameter-schemas";
    private static final String ERROR_ENVELOPE = "ErrorEnvelope";
    private static final String REQUEST_ID = "X-Request-Id";
    private static final List<String> RATE_LIMIT_HEADERS =
            List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");

    private final OpenAPI routes;
    private final Properties messages;

    private ApiDocumentation(OpenAPI routes, Properties messages) {
        this.routes = routes;
        this.messages = messages;
    }

    static ApiDocumentation fromClasspath() {
        ClassLoader classpath = ApiDocumentation.class.getClassLoader();
        try (InputStream in = classpath.getResourceAsStream(ROUTES);
             InputStream messagesIn = classpath.getResourceAsStream(ERROR_MESSAGES)) {
            Properties messages = new Properties();
            messages.load(new InputStreamReader(Objects.requireNonNull(messagesIn, ERROR_MESSAGES),
                    StandardCharsets.UTF_8));
            return new ApiDocumentation(Yaml.mapper().readValue(Objects.requireNonNull(in, ROUTES), OpenAPI.class),
                    messages);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ROUTES + " or " + ERROR_MESSAGES, e);
        }
    }

    @Override
    public void customise(OpenAPI api) {
        allowNullMembers(api);
        if (routes.getComponents() != null && routes.getComponents().getSchemas() != null) {
            routes.getComponents().getSchemas().forEach(api.getComponents()::addSchemas);
        }
        addErrorComponents(api);
        Map<String, String> parameterDescriptions = parameterDescriptions();
        Map<String, Schema<?>> parameterSchemas = parameterSchemas();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Operation documented = documented(path, method);
            operation.setOperationId(operationId(method, path));
            mergeDocumentation(operation, documented);
            describeParameters(operation, parameterDescriptions, parameterSchemas);
            wrapSuccesses(operation, documented);
            addErrors(path, method, operation, documented);
            addSecurity(path, operation);
            if (method == PathItem.HttpMethod.POST && path.startsWith("/partner/")) {
                operation.addParametersItem(idempotencyKey());
            }
            operation.getResponses().values().forEach(response -> response.addHeaderObject(REQUEST_ID,
                    new Header().$ref("#/components/headers/" + REQUEST_ID)));
            if (path.startsWith("/partner/")) {
                // Every authenticated partner answer says where the caller stands in its rate limit.
                operation.getResponses().forEach((status, response) -> {
                    if (!"401".equals(status)) {
                        RATE_LIMIT_HEADERS.forEach(header -> response.addHeaderObject(header,
                                new Header().$ref("#/components/headers/" + header)));
                    }
                });
            }
            ApiResponse created = operation.getResponses().get("201");
            if (created != null) {
                created.addHeaderObject("Location", new Header().$ref("#/components/headers/Location"));
            }
        }));
        removeUnusedSchemas(api);
        api.setPaths(sorted(api));
    }

    /**
     * Named after method and path ({@code POST /partner/links/{linkId}/revoke} is {@code postPartnerLinksByLinkIdRevoke}):
     * unique by construction and stable, unlike springdoc's Java method names ({@code create}, {@code list_3}).
     */
    static String operationId(PathItem.HttpMethod method, String path) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(java.util.Locale.ROOT));
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean variable = segment.startsWith("{");
            if (variable) {
                id.append("By");
            }
            for (String word : segment.replaceAll("[{}]", "").split("[-_.]")) {
                if (!word.isEmpty()) {
                    id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return id.toString();
    }

    private Operation documented(String path, PathItem.HttpMethod method) {
        PathItem item = routes.getPaths() == null ? null : routes.getPaths().get(path);
        return item == null ? null : item.readOperationsMap().get(method);
    }

    private static void mergeDocumentation(Operation operation, Operation documented) {
        if (documented == null) {
            return;
        }
        operation.setSummary(documented.getSummary());
        operation.setDescription(documented.getDescription());
        if (documented.getTags() != null) {
            operation.setTags(documented.getTags());
        }
        if (documented.getRequestBody() != null) {
            operation.setRequestBody(documented.getRequestBody());
        }
        if (documented.getResponses() != null) {
            documented.getResponses().forEach(operation.getResponses()::addApiResponse);
        }
    }

    /**
     * Controllers take query parameters as strings and validate them themselves (a 400 naming the parameter); the
     * document says what they accept.
     */
    private static void describeParameters(Operation operation, Map<String, String> descriptions,
                                           Map<String, Schema<?>> schemas) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getDescription() == null) {
                    parameter.setDescription(descriptions.get(parameter.getName()));
                }
                if ("query".equals(parameter.getIn()) && schemas.containsKey(parameter.getName())) {
                    parameter.setSchema(schemas.get(parameter.getName()));
                }
            }
        }
    }

    /** JSON successes generated from a controller's return type; responses written in routes.yaml stay as written. */
    private static void wrapSuccesses(Operation operation, Operation documented) {
        operation.getResponses().forEach((status, response) -> {
            boolean written = documented != null && documented.getResponses() != null
                    && documented.getResponses().containsKey(status);
            if (written || !status.startsWith("2") || response.getContent() == null) {
                return;
            }
            MediaType json = response.getContent().get("application/json");
            if (json != null) {
                json.setSchema(new ObjectSchema().addRequiredItem("success").addRequiredItem("data")
                        .addProperty("success", new BooleanSchema()._enum(List.of(true)))
                        .addProperty("data", json.getSchema()));
                if (documented != null && documented.getExtensions() != null
                        && documented.getExtensions().get(SUCCESS_EXAMPLE) != null) {
                    json.setExample(Map.of("success", true, "data", documented.getExtensions().get(SUCCESS_EXAMPLE)));
                }
            }
            if (response.getDescription() == null || response.getDescription().isBlank()
                    || "OK".equals(response.getDescription()) || "Created".equals(response.getDescription())
                    || "Accepted".equals(response.getDescription())) {
                response.setDescription("Success: the result in the `data` member of the envelope");
            }
        });
    }

    private void addErrors(String path, PathItem.HttpMethod method, Operation operation, Operation documented) {
        TreeSet<ErrorCode> codes = new TreeSet<>(ErrorRules.codes(path, method));
        if (documented != null && documented.getExtensions() != null
                && documented.getExtensions().get(ERROR_CODES) instanceof List<?> listed) {
            listed.forEach(code -> codes.add(ErrorCode.valueOf(code.toString())));
        }
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        codes.forEach(code -> byStatus.computeIfAbsent(code.status().value(), s -> new ArrayList<>()).add(code));
        byStatus.forEach((status, list) -> {
            MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_ENVELOPE));
            for (ErrorCode code : list) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", code.name());
                error.put("message", messages.getProperty(code.name()));
                if (code == ErrorCode.ACTIVE_LINK_EXISTS) {
                    error.put("existingLinkId", "link_acme_abc123");
                }
                json.addExamples(code.name(), new Example().value(Map.of("success", false, "error", error)));
            }
            ApiResponse response = new ApiResponse()
                    .description("Error envelope; `error.code`: " + String.join(", ", list.stream().map(Enum::name).toList()))
                    .content(new Content().addMediaType("application/json", json));
            if (status == 429) {
                response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                        .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
            }
            operation.getResponses().addApiResponse(Integer.toString(status), response);
        });
    }

    private static void addSecurity(String path, Operation operation) {
        switch (ErrorRules.audience(path)) {
            case PARTNER -> operation.setSecurity(List.of(
                    new SecurityRequirement().addList(OpenApiConfiguration.PARTNER_KEY),
                    new SecurityRequirement().addList(OpenApiConfiguration.PARTNER_BEARER)));
            case STAFF -> operation.setSecurity(List.of(
                    new SecurityRequirement().addList(OpenApiConfiguration.STAFF_BEARER)));
            case WIDGET -> operation.setSecurity(List.of(
                    new SecurityRequirement().addList(OpenApiConfiguration.WIDGET_SESSION)));
            case PUBLIC -> operation.setSecurity(List.of());
        }
    }

    private static Parameter idempotencyKey() {
        return new HeaderParameter().name("Idempotency-Key").required(false)
                .description("Same key and same body within 24 h replays the first response (same status and body); "
                        + "same key with another body answers 409 IDEMPOTENCY_CONFLICT.")
                .schema(new StringSchema().maxLength(255));
    }

    private static void addErrorComponents(OpenAPI api) {
        Schema<?> error = new ObjectSchema().addRequiredItem("code").addRequiredItem("message")
                .addProperty("code", new StringSchema()._enum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()))
                .addProperty("message", new StringSchema())
                .addProperty("field", new StringSchema().description("The offending JSON path or parameter, e.g. userData.dob"))
                .addProperty("existingLinkId", new StringSchema().description("With ACTIVE_LINK_EXISTS: the user's active link"))
                .addProperty("state", new StringSchema().description(
                        "With INVALID_STATE, where known: the state that refused the request (revoked, completed, quote_expired)"))
                .addProperty("requestId", new StringSchema().description("The X-Request-Id of this response"));
        api.getComponents().addSchemas("ApiError", error);
        api.getComponents().addSchemas(ERROR_ENVELOPE, new ObjectSchema()
                .description("Every error answer").addRequiredItem("success").addRequiredItem("error")
                .addProperty("success", new BooleanSchema()._enum(List.of(false)))
                .addProperty("error", new Schema<>().$ref("#/components/schemas/ApiError")));
        api.getComponents().addHeaders(REQUEST_ID, new Header()
                .description("Identifies this request; quote it to support").schema(new StringSchema()));
        api.getComponents().addHeaders("X-RateLimit-Limit", new Header()
                .description("Requests allowed per minute for this route class").schema(new IntegerSchema()));
        api.getComponents().addHeaders("X-RateLimit-Remaining", new Header()
                .description("Requests that would pass right now").schema(new IntegerSchema()));
        api.getComponents().addHeaders("X-RateLimit-Reset", new Header()
                .description("Seconds until the allowance is whole again").schema(new IntegerSchema()));
        api.getComponents().addHeaders("Location", new Header()
                .description("Where the created resource (or its collection) is read").schema(new StringSchema()));
    }

    /**
     * Responses are written with {@code default-property-inclusion: always}: a member without a value is there as
     * {@code null}. Generated schemas say so, or a client generated from them would choke on real answers.
     */
    private static void allowNullMembers(OpenAPI api) {
        if (api.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : api.getComponents().getSchemas().values()) {
            anyValueForObject(schema);
            if (schema.getProperties() != null) {
                for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                    if (property.getValue().get$ref() == null) {
                        if (property.getValue().getType() != null) {
                            property.getValue().setNullable(true);
                        }
                    } else {
                        // OpenAPI 3.0 ignores siblings of $ref, and nullable only adds null to a type stated
                        // beside it: a nullable reference is the reference or a typed null.
                        property.setValue(new io.swagger.v3.oas.models.media.ComposedSchema()
                                .addAnyOfItem(new Schema<>().$ref(property.getValue().get$ref()))
                                .addAnyOfItem(new ObjectSchema().nullable(true)._enum(java.util.Collections.singletonList(null))));
                    }
                }
            }
        }
    }

    /**
     * A Java {@code Object} (the values of a {@code Map<String, Object>} of details, say) comes out as an empty
     * {@code type: object}, which would refuse the strings and numbers it really holds: it is any value.
     */
    private static void anyValueForObject(Schema<?> schema) {
        if (schema == null || schema.get$ref() != null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ApiDocumentation::anyValueForObject);
        }
        anyValueForObject(schema.getItems());
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            if ("object".equals(values.getType()) && values.getProperties() == null
                    && values.getAdditionalProperties() == null && values.get$ref() == null) {
                schema.setAdditionalProperties(true);
            } else {
                anyValueForObject(values);
            }
        }
    }

    private Map<String, String> parameterDescriptions() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        if (routes.getExtensions() != null && routes.getExtensions().get(PARAMETER_DESCRIPTIONS) instanceof Map<?, ?> map) {
            map.forEach((name, text) -> descriptions.put(name.toString(), text.toString()));
        }
        return descriptions;
    }

    private Map<String, Schema<?>> parameterSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        if (routes.getExtensions() != null && routes.getExtensions().get(PARAMETER_SCHEMAS) instanceof Map<?, ?> map) {
            map.forEach((name, schema) -> schemas.put(name.toString(), Yaml.mapper().convertValue(schema, Schema.class)));
        }
        return schemas;
    }

    /** Drops schemas nothing points at any more, like springdoc's JsonNode once the real bodies replaced it. */
    private static void removeUnusedSchemas(OpenAPI api) {
        boolean removed = true;
        while (removed) {
            removed = false;
            for (String name : List.copyOf(api.getComponents().getSchemas().keySet())) {
                Schema<?> own = api.getComponents().getSchemas().remove(name);
                String rest = write(api);
                if (rest.contains("\"#/components/schemas/" + name + "\"")) {
                    api.getComponents().getSchemas().put(name, own);
                } else {
                    removed = true;
                }
            }
        }
        api.getComponents().setSchemas(new TreeMap<>(api.getComponents().getSchemas()));
    }

    private static io.swagger.v3.oas.models.Paths sorted(OpenAPI api) {
        io.swagger.v3.oas.models.Paths paths = new io.swagger.v3.oas.models.Paths();
        new TreeMap<>(api.getPaths()).forEach(paths::addPathItem);
        return paths;
    }

    private static String write(OpenAPI api) {
        try {
            return Json.mapper().writeValueAsString(api);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.m2m.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.m2m.app.ApiClient;
import com.m2m.app.PlatformTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the running platform serves: valid, covering exactly the routes Spring serves (a route
 * added without an entry in {@code openapi/routes.yaml} fails here), with envelopes, errors and security on every
 * operation, and equal to the committed {@code docs/openapi.json}. Regenerate that file with
 * {@code -Dtest=OpenApiDocumentTest -Dopenapi.write=true}.
 */
@PlatformTest
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private ApiClient api;
    private String document;
    private OpenAPI openApi;

    @BeforeEach
    void fetchDocument() {
        api = new ApiClient(port);
        ApiClient.Response response = api.get("/v3/api-docs").send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        document = response.raw().body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        openApi = parsed.getOpenAPI();
        assertThat(openApi).isNotNull();
    }

    @Test
    void documentsExactlyTheRoutesSpringServes() {
        Set<String> served = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            String handler = mapping.getValue().getBeanType().getName();
            if (handler.startsWith("org.springdoc.") || handler.startsWith("org.springframework.")) {
                continue; // the document and Swagger UI themselves, and Spring's /error
            }
            for (String pattern : mapping.getKey().getPatternValues()) {
                mapping.getKey().getMethodsCondition().getMethods()
                        .forEach(method -> served.add(method.name() + " " + pattern));
            }
        }
        Set<String> documented = new TreeSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        assertThat(served).hasSizeGreaterThan(40);
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyOperationHasItsDocumentationEnvelopeErrorsAndSecurity() {
        Set<String> tags = openApi.getTags().stream().map(Tag::getName).collect(Collectors.toSet());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String route = method + " " + path;
            assertThat(operation.getSummary()).as(route + " needs an entry in openapi/routes.yaml").isNotBlank();
            assertThat(tags).as(route + " tags").containsAll(operation.getTags());
            assertThat(operation.getResponses()).as(route).containsKeys("400", "500");
            if (operation.getRequestBody() != null) {
                MediaType body = operation.getRequestBody().getContent().get("application/json");
                assertThat(body).as(route + " request body").isNotNull();
                assertThat(resolve(body.getSchema()).getProperties()).as(route + ": a described request body, not a bare JSON tree")
                        .isNotEmpty();
                assertThat(body.getExample() != null || body.getExamples() != null).as(route + " example").isTrue();
            }
            operation.getResponses().forEach((status, response) -> {
                assertThat(response.getHeaders()).as(route + " " + status).containsKey("X-Request-Id");
                MediaType json = response.getContent() == null ? null : response.getContent().get("application/json");
                if (json != null && status.startsWith("2")) {
                    assertThat(json.getSchema().getProperties()).as(route + " " + status + " envelope")
                            .containsKeys("success", "data");
                } else if (json != null) {
                    assertThat(json.getSchema().get$ref()).as(route + " " + status).endsWith("/ErrorEnvelope");
                }
            });
            if (path.startsWith("/partner/")) {
                assertThat(operation.getResponses()).as(route).containsKeys("401", "403", "429");
                assertThat(operation.getResponses().get("429").getHeaders()).containsKey("Retry-After");
                assertThat(schemes(operation)).containsExactlyInAnyOrder("partnerApiKey", "partnerBearer");
            } else if (path.matches("/(admin|support|analytics)/.*")) {
                assertThat(operation.getResponses()).as(route).containsKeys("401", "403", "429");
                assertThat(schemes(operation)).containsExactly("staffBearer");
            } else if (path.startsWith("/widget/api/") && !path.equals("/widget/api/sessions")) {
                assertThat(operation.getResponses()).as(route).containsKey("401");
                assertThat(schemes(operation)).containsExactly("widgetSession");
            } else {
                assertThat(schemes(operation)).as(route + " is public").isEmpty();
            }
        }));
        Operation createLink = openApi.getPaths().get("/partner/links").getPost();
        assertThat(createLink.getResponses()).containsKeys("201", "409");
        assertThat(createLink.getResponses().get("409").getContent().get("application/json").getExamples())
                .containsKeys("ACTIVE_LINK_EXISTS", "IDEMPOTENCY_CONFLICT");
        Schema<?> created = (Schema<?>) createLink.getResponses().get("201").getContent().get("application/json")
                .getSchema().getProperties().get("data");
        assertThat(created.get$ref()).endsWith("/CreatedLink");
        assertThat(openApi.getComponents().getSecuritySchemes().get("partnerApiKey").getName()).isEqualTo("X-API-Key");
    }

    @Test
    void committedDocumentIsTheGeneratedOne() throws IOException {
        JsonNode generated = JSON.readTree(document);
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, JSON.writeValueAsString(generated) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as(COMMITTED + " exists").isTrue();
        assertThat(JSON.readTree(COMMITTED.toFile()))
                .as("docs/openapi.json is stale: regenerate with -Dtest=OpenApiDocumentTest -Dopenapi.write=true")
                .isEqualTo(generated);
    }

    @Test
    void swaggerUiIsServedWithoutAuthentication() {
        HttpResponse<String> docs = fetch("/docs");
        assertThat(docs.statusCode()).isEqualTo(302);
        assertThat(docs.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/swagger-ui/index.html"));
        HttpResponse<String> page = fetch("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(fetch("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(fetch("/swagger-ui/swagger-ui.css").statusCode()).isEqualTo(200);
        assertThat(fetch("/swagger-ui/swagger-initializer.js").statusCode()).isEqualTo(200);
        assertThat(fetch("/v3/api-docs.yaml").body()).contains("openapi: 3.0.1");
        ApiClient.Response config = api.get("/v3/api-docs/swagger-config").send();
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().path("url").asText()).isEqualTo("/v3/api-docs");
    }

    private Schema<?> resolve(Schema<?> schema) {
        return schema.get$ref() == null ? schema
                : openApi.getComponents().getSchemas().get(schema.get$ref().substring("#/components/schemas/".length()));
    }

    private HttpResponse<String> fetch(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> schemes(Operation operation) {
        return operation.getSecurity() == null ? Set.of() : operation.getSecurity().stream()
                .flatMap(requirement -> requirement.keySet().stream()).collect(Collectors.toSet());
    }
}

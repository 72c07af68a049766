package com.m2m.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests generated from the document against every partner route: path ids, query parameters and bodies drawn
 * from valid examples, wrong types, out-of-range numbers, long and odd strings. No answer is a 5xx and every answer
 * is one the document describes. A fixed seed, so a failure replays; a bounded number of requests.
 */
@PlatformTest
class GeneratedPartnerRequestsTest {

    private static final int REQUESTS_PER_OPERATION = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> STRINGS = List.of("", "1", "-1", "0", "abc", "user_12345", "link_x_000000000000",
            "2026-02-30", "2026-02-10T14:30:00.000Z", "x".repeat(300), "true", "null", "999999999999999999999",
            "created", "sandbox", "a.b:c-d_e");

    @LocalServerPort
    int port;

    private final Random random = new Random(20260210L);

    @Test
    void noGeneratedRequestGetsA5xxOrAnUndocumentedAnswer() throws Exception {
        ConformanceClient client = new ConformanceClient(port);
        String partnerId = Partners.uniqueId("gen");
        Map<String, String> operator = Map.of("Authorization", "Bearer " + PlatformTest.OPERATOR_TOKEN);
        client.valid("POST", "/admin/partners", "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Generated\"}", operator);
        String key = client.valid("POST", "/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}",
                operator).body().path("data").path("apiKey").asText();
        String linkId = client.valid("POST", "/partner/links", "{\"referenceId\":\"gen_user\"}", Map.of("X-API-Key", key))
                .body().path("data").path("linkId").asText();

        OpenAPI api = new OpenAPIParser().readContents(client.document(), null, null).getOpenAPI();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (var path : api.getPaths().entrySet()) {
            if (!path.getKey().startsWith("/partner/")) {
                continue;
            }
            for (var entry : path.getValue().readOperationsMap().entrySet()) {
                Operation operation = entry.getValue();
                for (int i = 0; i < REQUESTS_PER_OPERATION; i++) {
                    String target = path(path.getKey(), linkId) + query(operation);
                    String body = body(operation, api);
                    ConformanceClient.Exchange answer = client.described(entry.getKey().name(), target, body,
                            Map.of("X-API-Key", key));
                    assertThat(answer.status()).as(entry.getKey() + " " + target + " " + body).isLessThan(500);
                    statuses.merge(answer.status(), 1, Integer::sum);
                }
            }
        }
        // Both accepted and refused requests were generated, on every kind of route.
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).as(statuses.toString())
                .isGreaterThan(200);
        assertThat(statuses).as(statuses.toString()).containsKeys(200, 400, 404);
        System.out.println("Generated partner requests by status: " + statuses);
    }

    private String path(String template, String linkId) {
        StringBuilder out = new StringBuilder();
        for (String segment : template.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.append('/');
            if (segment.startsWith("{")) {
                String value = random.nextInt(4) == 0 ? linkId : pick(STRINGS);
                out.append(value.isEmpty() ? "x" : value);
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    private String query(Operation operation) {
        List<String> pairs = new ArrayList<>();
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if ("query".equals(parameter.getIn()) && random.nextBoolean()) {
                    pairs.add(parameter.getName() + "=" + URLEncoder.encode(pick(STRINGS), StandardCharsets.UTF_8));
                }
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String body(Operation operation, OpenAPI api) throws Exception {
        if (operation.getRequestBody() == null) {
            return random.nextInt(4) == 0 ? "{\"unexpected\":true}" : null;
        }
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        Object example = json.getExample() != null ? json.getExample()
                : json.getExamples().values().iterator().next().getValue();
        JsonNode valid = JSON.valueToTree(example);
        return switch (random.nextInt(6)) {
            case 0 -> valid.toString();
            case 1 -> pick(List.of("{}", "[]", "\"text\"", "null", "42", "{", "{\"a\":"));
            default -> mutate(valid.deepCopy()).toString();
        };
    }

    /** Replaces a few members anywhere in the tree with values of the wrong type or out of range. */
    private JsonNode mutate(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                int dice = random.nextInt(5);
                if (dice == 0) {
                    object.set(name, wrongValue());
                } else if (dice == 1) {
                    object.remove(name);
                } else {
                    object.set(name, mutate(object.get(name)));
                }
            }
            if (random.nextInt(4) == 0) {
                object.put("unknownMember", pick(STRINGS));
            }
        } else if (node.isArray()) {
            Iterator<JsonNode> elements = node.elements();
            List<JsonNode> copy = new ArrayList<>();
            elements.forEachRemaining(element -> copy.add(mutate(element)));
            copy.add(wrongValue());
            return NODES.arrayNode().addAll(copy);
        }
        return node;
    }

    private JsonNode wrongValue() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(1e12);
            case 3 -> NODES.booleanNode(true);
            case 4 -> NODES.arrayNode().add("x");
            case 5 -> NODES.objectNode().put("x", 1);
            default -> NODES.textNode(pick(STRINGS));
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}

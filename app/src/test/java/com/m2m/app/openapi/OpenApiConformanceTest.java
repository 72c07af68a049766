package com.m2m.app.openapi;

import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real traffic conforms to the document: a partner's journey through the seed's requests, staff reads, the widget's
 * first call, and bad inputs (missing or malformed fields, unknown userData members, no key, a wrong role, unknown
 * ids, a second active link) each checked request and response against {@code /v3/api-docs}.
 */
@PlatformTest
class OpenApiConformanceTest {

    private static final Map<String, String> OPERATOR = Map.of("Authorization", "Bearer " + PlatformTest.OPERATOR_TOKEN);
    private static final Map<String, String> SUPPORT = Map.of("Authorization", "Bearer " + PlatformTest.SUPPORT_TOKEN);

    @LocalServerPort
    int port;

    private ConformanceClient client;

    @BeforeEach
    void setUp() {
        client = new ConformanceClient(port);
    }

    @Test
    void partnerJourneyConforms() {
        String partnerId = Partners.uniqueId("oas");
        assertThat(client.valid("POST", "/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Acme Remit\"}", OPERATOR).status()).isEqualTo(201);
        String key = client.valid("POST", "/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}",
                OPERATOR).body().path("data").path("apiKey").asText();
        Map<String, String> partner = Map.of("X-API-Key", key);

        ConformanceClient.Exchange created = client.valid("POST", "/partner/links",
                "{\"referenceId\":\"user_12345\",\"userData\":{\"name\":{\"firstName\":\"Juan\",\"lastName\":\"Garcia\"}}}",
                partner);
        assertThat(created.status()).isEqualTo(201);
        String linkId = created.body().path("data").path("linkId").asText();

        ConformanceClient.Exchange again = client.valid("POST", "/partner/links", "{\"referenceId\":\"user_12345\"}",
                Map.of("Authorization", "Bearer " + key));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").path("existingLinkId").asText()).isEqualTo(linkId);

        assertThat(client.valid("GET", "/partner/links?page=1&limit=5&status=created", null, partner).status())
                .isEqualTo(200);
        assertThat(client.valid("GET", "/partner/links/" + linkId, null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/links/" + linkId + "/activity", null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/users/user_12345", null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/profile", null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/data-requests", null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/operations?referenceId=user_12345", null, partner).status())
                .isEqualTo(200);
        assertThat(client.valid("GET", "/partner/webhooks/deliveries", null, partner).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/partner/links/link_" + partnerId + "_000000000000", null, partner).status())
                .isEqualTo(404);
        assertThat(client.invalid("GET", "/partner/links?limit=1000", null, partner).status()).isEqualTo(400);

        assertThat(client.valid("POST", "/widget/api/sessions",
                "{\"linkId\":\"" + linkId + "\",\"token\":\"00000000-0000-4000-8000-000000000000\"}", Map.of())
                .status()).isBetween(400, 499);

        assertThat(client.valid("POST", "/partner/links/" + linkId + "/revoke",
                "{\"reason\":\"User requested cancellation\"}", partner).status()).isEqualTo(200);
        assertThat(client.valid("POST", "/partner/links/" + linkId + "/revoke", null, partner).status())
                .isEqualTo(409);

        assertThat(client.valid("GET", "/support/users?partnerId=" + partnerId + "&environment=sandbox", null, SUPPORT)
                .status()).isEqualTo(200);
        assertThat(client.valid("GET", "/analytics/funnel?partnerId=" + partnerId + "&environment=sandbox", null,
                OPERATOR).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/admin/partners/" + partnerId + "/keys", null, OPERATOR).status())
                .isEqualTo(200);
        assertThat(client.valid("POST", "/admin/partners", "{\"partnerId\":\"x" + partnerId + "\",\"name\":\"X\"}",
                SUPPORT).status()).isEqualTo(403);
        assertThat(client.valid("PUT", "/admin/partners/" + partnerId + "/settings/sandbox",
                "{\"defaultExpiresInMinutes\":120,\"allowedPaymentMethods\":[\"bank_account\"],\"theme\":\"dark\"}",
                OPERATOR).status()).isEqualTo(200);
        assertThat(client.invalid("PUT", "/admin/partners/" + partnerId + "/settings/sandbox",
                "{\"defaultExpiresInMinutes\":1}", OPERATOR).status()).isEqualTo(400);
        String userId = client.valid("GET", "/partner/users/user_12345", null, partner).body().path("data")
                .path("userId").asText();
        assertThat(client.valid("POST", "/support/users/" + userId + "/cip/approve", "{\"reason\":\"Checked by hand\"}",
                SUPPORT).status()).isEqualTo(409);
        assertThat(client.valid("GET", "/support/users/" + userId + "/history", null, SUPPORT).status()).isEqualTo(200);
        assertThat(client.valid("GET", "/admin/audit?limit=5", null, OPERATOR).status()).isEqualTo(200);
    }

    @Test
    void widgetJourneyConforms() {
        String partnerId = Partners.uniqueId("oasw");
        client.valid("POST", "/admin/partners", "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Widget\"}", OPERATOR);
        String key = client.valid("POST", "/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}",
                OPERATOR).body().path("data").path("apiKey").asText();
        var link = client.valid("POST", "/partner/links", "{\"referenceId\":\"w_user\"}", Map.of("X-API-Key", key))
                .body().path("data");

        var session = client.valid("POST", "/widget/api/sessions", "{\"linkId\":\"" + link.path("linkId").asText()
                + "\",\"token\":\"" + link.path("token").asText() + "\",\"deviceInfo\":{\"platform\":\"web\"}}",
                Map.of());
        assertThat(session.status()).isEqualTo(201);
        Map<String, String> widget = Map.of("Authorization", "Bearer "
                + session.body().path("data").path("sessionToken").asText());
        assertThat(client.valid("GET", "/widget/api/state", null, widget).status()).isEqualTo(200);
        assertThat(client.valid("POST", "/widget/api/details", "{\"userData\":{\"name\":{\"firstName\":\"Juan\","
                + "\"lastName\":\"Pérez\"},\"dob\":\"1990-05-15\",\"idType\":\"CURP\","
                + "\"idNumber\":\"GAPA900515HDFRRL09\"}}", widget).status()).isEqualTo(200);
        assertThat(client.valid("POST", "/widget/api/quotes", "{\"send\":100}", widget).status()).isEqualTo(409);
        assertThat(client.valid("POST", "/widget/api/operations/op_x_1/cancel", null, widget).status()).isEqualTo(404);
        assertThat(client.invalid("POST", "/widget/api/verification", "{\"consent\":false}", widget).status())
                .isEqualTo(400);
        assertThat(client.invalid("GET", "/widget/api/state", null, Map.of()).status()).isEqualTo(401);
        assertThat(client.valid("GET", "/partner/links/" + link.path("linkId").asText(), null,
                Map.of("X-API-Key", key)).body().path("data").path("status").asText()).isEqualTo("in_progress");
    }

    @Test
    void badInputsAreBadByTheDocumentAndAnsweredAsItSays() {
        String partnerId = Partners.uniqueId("oasbad");
        client.valid("POST", "/admin/partners", "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Bad Inputs\"}",
                OPERATOR);
        String key = client.valid("POST", "/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}",
                OPERATOR).body().path("data").path("apiKey").asText();
        Map<String, String> partner = Map.of("X-API-Key", key);

        assertThat(client.invalid("POST", "/partner/links", "{}", partner).status()).isEqualTo(400);
        assertThat(client.invalid("POST", "/partner/links", "{\"referenceId\":\"not valid!\"}", partner).status())
                .isEqualTo(400);
        ConformanceClient.Exchange unknownMember = client.invalid("POST", "/partner/links",
                "{\"referenceId\":\"u1\",\"userData\":{\"shoeSize\":42}}", partner);
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(unknownMember.body().path("error").path("field").asText()).startsWith("userData");
        assertThat(client.invalid("POST", "/partner/links", "{\"referenceId\":\"u1\",\"expiresInMinutes\":1}",
                partner).status()).isEqualTo(400);
        assertThat(client.invalid("POST", "/partner/links", "{\"referenceId\":\"u1\"}", Map.of()).status())
                .isEqualTo(401);
        assertThat(client.invalid("POST", "/admin/partners", "{\"name\":\"No id\"}", OPERATOR).status())
                .isEqualTo(400);
        assertThat(client.invalid("POST", "/widget/api/sessions", "{\"linkId\":\"link_x_1\"}", Map.of()).status())
                .isEqualTo(400);
        assertThat(client.valid("GET", "/partner/links", null, Map.of("X-API-Key",
                "m2m_test_00000000000000000000000000000000")).status()).isEqualTo(401);
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate-limit headers on every partner answer, Location on every 201, and the operator's list of partners. */
@OperationsPlatformTest
class PartnerConventionsTest extends PlatformClientTest {

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void everyPartnerAnswerSaysWhereItsRateLimitStands() {
        String partnerId = Partners.uniqueId("hdr");
        String key = OperationsTest.onboard(api, partnerId);
        api.put("/admin/partners/" + partnerId + "/settings/sandbox", "{\"requestsPerMinute\":3,\"createLinksPerMinute\":2}")
                .bearer(OperationsPlatformTest.OPERATOR).send();

        ApiClient.Response first = api.get("/partner/profile").key(key).send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(Long.parseLong(first.header("X-RateLimit-Reset"))).isBetween(1L, 60L);

        ApiClient.Response notFound = api.get("/partner/links/lnk_nothing").key(key).send();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("X-RateLimit-Remaining")).as("errors carry them too").isEqualTo("1");

        ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"hdr-1\"}").key(key).send();
        assertThat(created.header("X-RateLimit-Limit")).as("link creation has its own budget").isEqualTo("2");
        assertThat(created.header("X-RateLimit-Remaining")).isEqualTo("1");

        api.get("/partner/profile").key(key).send();
        ApiClient.Response limited = api.get("/partner/profile").key(key).send();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void every201SaysWhereTheCreatedResourceIs() {
        String partnerId = Partners.uniqueId("loc");
        ApiClient.Response partner = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Loc Inc\"}").bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(partner.status()).isEqualTo(201);
        assertThat(partner.header("Location")).isEqualTo("/admin/partners/" + partnerId);
        ApiClient.Response read = api.get(partner.header("Location")).bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("name").asText()).isEqualTo("Loc Inc");

        ApiClient.Response key = api.post("/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}")
                .bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(key.header("Location")).isEqualTo("/admin/partners/" + partnerId + "/keys");
        String apiKey = key.data().get("apiKey").asText();

        ApiClient.Response link = api.post("/partner/links", "{\"referenceId\":\"loc-1\"}").key(apiKey).send();
        assertThat(link.status()).isEqualTo(201);
        String linkId = link.data().get("linkId").asText();
        assertThat(link.header("Location")).isEqualTo("/partner/links/" + linkId);
        assertThat(api.get(link.header("Location")).key(apiKey).send().status()).isEqualTo(200);

        ApiClient.Response replay = api.post("/partner/links", "{\"referenceId\":\"loc-2\"}").key(apiKey)
                .header("Idempotency-Key", "loc-key").send();
        ApiClient.Response replayed = api.post("/partner/links", "{\"referenceId\":\"loc-2\"}").key(apiKey)
                .header("Idempotency-Key", "loc-key").send();
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).startsWith("/partner/links/link_");

        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(apiKey).send();
        ApiClient.Response test = api.post("/partner/sandbox/webhooks/test", "{\"event\":\"link.created\"}")
                .key(apiKey).send();
        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        assertThat(test.header("Location")).isEqualTo("/partner/webhooks/deliveries/" + test.data().get("deliveryId").asText());
        assertThat(api.get(test.header("Location")).key(apiKey).send().status()).isEqualTo(200);

        ApiClient.Response session = api.post("/widget/api/sessions", "{\"linkId\":\"" + linkId + "\",\"token\":\""
                + link.data().get("token").asText() + "\"}").send();
        assertThat(session.status()).isEqualTo(201);
        assertThat(session.header("Location")).isEqualTo("/widget/api/state");

        ApiClient.Response refused = api.post("/partner/links", "{\"referenceId\":\"\"}").key(apiKey).send();
        assertThat(refused.header("Location")).as("no Location on an error").isNull();
    }

    @Test
    void operatorsListThePartnersPageByPage() {
        List<String> ids = List.of(Partners.uniqueId("lst"), Partners.uniqueId("lst"), Partners.uniqueId("lst"));
        ids.forEach(id -> OperationsTest.onboard(api, id));

        ApiClient.Response all = api.get("/admin/partners?limit=100").bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.data().get("items").findValuesAsText("partnerId")).containsAll(ids);
        JsonNode one = all.data().get("items").get(0);
        assertThat(one.has("name") && one.has("status") && one.has("createdAt")).isTrue();
        long total = all.data().at("/pagination/total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);

        ApiClient.Response page2 = api.get("/admin/partners?page=2&limit=1").bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(page2.data().get("items")).hasSize(1);
        assertThat(page2.data().at("/items/0/partnerId").asText())
                .isEqualTo(all.data().at("/items/1/partnerId").asText());
        assertThat(page2.data().at("/pagination/totalPages").asLong()).isEqualTo(total);

        assertThat(api.get("/admin/partners?limit=0").bearer(OperationsPlatformTest.OPERATOR).send().errorCode())
                .isEqualTo("INVALID_REQUEST");
        assertThat(api.get("/admin/partners").bearer(OperationsPlatformTest.SUPPORT).send().status()).isEqualTo(403);
        assertThat(api.get("/admin/partners").send().status()).isEqualTo(401);
        assertThat(api.get("/admin/partners/nobody").bearer(OperationsPlatformTest.OPERATOR).send().status())
                .isEqualTo(404);
    }
}

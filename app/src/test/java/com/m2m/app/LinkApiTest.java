package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The partner's link journey over real HTTP: create, list, detail, 409, revoke, create again, user read. */
@PlatformTest
class LinkApiTest extends SandboxPartnerTest {

    @Autowired
    JdbcTemplate jdbc;

    LinkApiTest() {
        super("acme");
    }

    ApiClient.Response createLink(String body) {
        return api.post("/partner/links", body).key(key).send();
    }

    @Test
    void createsALinkWithTheReferenceShape() {
        Instant before = Instant.now();
        ApiClient.Response created = createLink("""
                {"referenceId":"user_12345","userData":{"name":{"firstName":"Juan","lastName":"Garcia"}},
                 "expiresInMinutes":30,"metadata":{"campaign":"spring"},"theme":"dark","language":"es"}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("success").asBoolean()).isTrue();
        JsonNode link = created.data();
        assertThat(link.get("linkId").asText()).matches("link_" + partnerId + "_[0-9a-f]{12}");
        assertThat(link.get("referenceId").asText()).isEqualTo("user_12345");
        assertThat(link.get("status").asText()).isEqualTo("created");
        assertThat(link.get("token").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(link.get("url").asText()).isEqualTo("http://localhost:8080/w/" + link.get("linkId").asText()
                + "/m2m-basic#" + link.get("token").asText());
        assertThat(link.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        Instant createdAt = Instant.parse(link.get("createdAt").asText());
        assertThat(createdAt).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(Duration.between(createdAt, Instant.parse(link.get("expiresAt").asText()))).hasMinutes(30);
        assertThat(link.get("userId").asText()).startsWith("user_" + partnerId + "_");
        assertThat(link.get("userStatus").asText()).isEqualTo("data_incomplete");
        assertThat(created.header("X-Request-Id")).isNotBlank();

        JsonNode detail = api.get("/partner/links/" + link.get("linkId").asText()).key(key).send().data();
        assertThat(detail.get("metadata").get("campaign").asText()).isEqualTo("spring");
        assertThat(detail.get("theme").asText()).isEqualTo("dark");
        assertThat(detail.get("language").asText()).isEqualTo("es");
        assertThat(detail.get("userStatus").asText()).isEqualTo("data_incomplete");
        assertThat(detail.has("token")).isFalse();
        assertThat(detail.get("url").asText()).doesNotContain("#");
    }

    @Test
    void defaultLifetimeIsThePartnersSetting() {
        ApiClient.Response created = createLink("{\"referenceId\":\"u-default\"}");
        JsonNode link = created.data();
        assertThat(Duration.between(Instant.parse(link.get("createdAt").asText()),
                Instant.parse(link.get("expiresAt").asText()))).hasMinutes(60);
        assertThat(link.get("userStatus").asText()).isEqualTo("pending");

        api.put("/admin/partners/" + partnerId + "/settings/sandbox", "{\"defaultExpiresInMinutes\":15}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        JsonNode second = createLink("{\"referenceId\":\"u-default-2\"}").data();
        assertThat(Duration.between(Instant.parse(second.get("createdAt").asText()),
                Instant.parse(second.get("expiresAt").asText()))).hasMinutes(15);
    }

    @Test
    void oneActiveLinkPerUserUntilRevoked() {
        JsonNode firstLink = createLink("{\"referenceId\":\"user_1\"}").data();
        String first = firstLink.get("linkId").asText();

        ApiClient.Response conflict = createLink("{\"referenceId\":\"user_1\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("ACTIVE_LINK_EXISTS");
        assertThat(conflict.body().at("/error/message").asText()).isEqualTo("User already has an active link");
        assertThat(conflict.body().at("/error/existingLinkId").asText()).isEqualTo(first);

        ApiClient.Response revoked = api.post("/partner/links/" + first + "/revoke",
                "{\"reason\":\"User requested cancellation\"}").key(key).send();
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.data().get("linkId").asText()).isEqualTo(first);
        assertThat(revoked.data().get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.data().get("revokedAt").asText()).endsWith("Z");

        ApiClient.Response again = createLink("{\"referenceId\":\"user_1\"}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.data().get("userId").asText()).as("the same user, found again")
                .isEqualTo(firstLink.get("userId").asText());

        ApiClient.Response revokedTwice = api.post("/partner/links/" + first + "/revoke", null).key(key).send();
        assertThat(revokedTwice.status()).isEqualTo(409);
        assertThat(revokedTwice.errorCode()).isEqualTo("INVALID_STATE");

        JsonNode activity = api.get("/partner/links/" + first + "/activity").key(key).send().data();
        assertThat(activity.findValuesAsText("type")).containsExactly("created", "revoked");
        JsonNode user = api.get("/partner/users/user_1").key(key).send().data();
        assertThat(user.get("activeLinkId").asText()).isEqualTo(again.data().get("linkId").asText());
    }

    @Test
    void listsNewestFirstWithFiltersAndPagination() {
        for (int i = 1; i <= 5; i++) {
            assertThat(createLink("{\"referenceId\":\"list-" + i + "\"}").status()).isEqualTo(201);
        }
        String revoked = api.get("/partner/links?referenceId=list-2").key(key).send().data()
                .at("/items/0/linkId").asText();
        api.post("/partner/links/" + revoked + "/revoke", "{}").key(key).send();

        JsonNode page1 = api.get("/partner/links?limit=2").key(key).send().data();
        assertThat(page1.findValuesAsText("referenceId")).containsExactly("list-5", "list-4");
        assertThat(page1.get("pagination").toString())
                .isEqualTo("{\"page\":1,\"limit\":2,\"total\":5,\"totalPages\":3}");
        JsonNode page3 = api.get("/partner/links?limit=2&page=3").key(key).send().data();
        assertThat(page3.findValuesAsText("referenceId")).containsExactly("list-1");

        assertThat(api.get("/partner/links?status=revoked").key(key).send().data().findValuesAsText("referenceId"))
                .containsExactly("list-2");
        assertThat(api.get("/partner/links?visibility=active").key(key).send().data()
                .at("/pagination/total").asInt()).isEqualTo(4);
        String today = Instant.now().toString().substring(0, 10);
        assertThat(api.get("/partner/links?from=" + today + "&to=" + today).key(key).send().data()
                .at("/pagination/total").asInt()).isEqualTo(5);
        assertThat(api.get("/partner/links?from=2020-01-01&to=2020-01-02").key(key).send().data()
                .at("/pagination/total").asInt()).isZero();
        assertThat(api.get("/partner/links").key(key).header("From", "2020-01-01").header("Status", "revoked")
                .send().data().at("/pagination/total").asInt()).as("headers are not filters").isEqualTo(5);
        assertThat(api.get("/partner/links?!status=revoked&_referenceId=x").key(key).send().data()
                .at("/pagination/total").asInt()).as("nor form-binding prefixes").isEqualTo(5);

        ApiClient.Response badLimit = api.get("/partner/links?limit=101").key(key).send();
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body().at("/error/field").asText()).isEqualTo("limit");
        assertThat(api.get("/partner/links?status=nope").key(key).send().body().at("/error/field").asText())
                .isEqualTo("status");
    }

    @Test
    void revokingUnknownOrForeignLinksAnswersNotFound() {
        String link = createLink("{\"referenceId\":\"mine\"}").data().get("linkId").asText();
        String otherKey = new Partners(api).sandboxPartner(Partners.uniqueId("other"));

        ApiClient.Response foreign = api.post("/partner/links/" + link + "/revoke", "{}").key(otherKey).send();
        ApiClient.Response missing = api.post("/partner/links/link_x_000000000000/revoke", "{}").key(otherKey).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(foreign.body().at("/error/message")).isEqualTo(missing.body().at("/error/message"));
        assertThat(api.get("/partner/links/" + link).key(otherKey).send().status()).isEqualTo(404);
        assertThat(api.get("/partner/links/" + link + "/activity").key(otherKey).send().status()).isEqualTo(404);
        assertThat(api.get("/partner/users/mine").key(otherKey).send().status()).isEqualTo(404);
        assertThat(api.get("/partner/links").key(otherKey).send().data().at("/pagination/total").asInt()).isZero();
    }

    @Test
    void sandboxAndLiveAreSeparateWorlds() {
        String liveKey = new Partners(api).key(partnerId, "live");
        String sandboxLink = createLink("{\"referenceId\":\"same-person\"}").data().get("linkId").asText();

        ApiClient.Response live = api.post("/partner/links", "{\"referenceId\":\"same-person\"}").key(liveKey).send();
        assertThat(live.status()).as("the live user is another user: no active link there").isEqualTo(201);
        assertThat(live.data().get("userId").asText()).isNotEqualTo(
                api.get("/partner/users/same-person").key(key).send().data().get("userId").asText());
        assertThat(api.get("/partner/links/" + sandboxLink).key(liveKey).send().status()).isEqualTo(404);
        assertThat(api.get("/partner/links").key(liveKey).send().data().at("/pagination/total").asInt()).isEqualTo(1);
        assertThat(api.get("/partner/profile").key(liveKey).send().data().get("environment").asText()).isEqualTo("live");
    }

    @Test
    void userReadShowsSourcesAndOnlyMaskedValues() {
        createLink("""
                {"referenceId":"masked","userData":{"name":{"firstName":"Juan","secondName":"","lastName":"Pérez","secondLastName":"García"},
                 "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15",
                 "paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""");
        ApiClient.Response user = api.get("/partner/users/masked").key(key).send();
        JsonNode data = user.data();
        assertThat(data.get("status").asText()).isEqualTo("data_complete");
        assertThat(data.get("missingFields")).isEmpty();
        assertThat(data.at("/fields/name.firstName/source").asText()).isEqualTo("partner_api");
        assertThat(data.at("/fields/idNumber/maskedValue").asText()).isEqualTo("****RL09");
        assertThat(data.at("/fields/paymentMethod/maskedValue").asText()).isEqualTo("****5558");
        assertThat(user.raw().body()).doesNotContain("Juan", "GAPA900515HDFRRL09", "014027000005555558", "1990-05-15");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndLeavesNoTrace() {
        long eventsBefore = eventCount();
        String[][] cases = {
                {"{}", "referenceId", "The referenceId field is required"},
                {"{\"referenceId\":\"has space\"}", "referenceId", null},
                {"{\"referenceId\":\"" + "x".repeat(129) + "\"}", "referenceId", null},
                {"{\"referenceId\":\"r\",\"expiresInMinutes\":4}", "expiresInMinutes", null},
                {"{\"referenceId\":\"r\",\"expiresInMinutes\":10081}", "expiresInMinutes", null},
                {"{\"referenceId\":\"r\",\"expiresInMinutes\":\"60\"}", "expiresInMinutes", null},
                {"{\"referenceId\":\"r\",\"flow\":\"unknown-flow\"}", "flow", null},
                {"{\"referenceId\":\"r\",\"language\":\"fr\"}", "language", null},
                {"{\"referenceId\":\"r\",\"callbackUrl\":\"ftp://x\"}", "callbackUrl", null},
                {"{\"referenceId\":\"r\",\"metadata\":{\"k\":1}}", "metadata.k", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"nickname\":\"J\"}}", "userData.nickname", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"dob\":\"2030-01-01\"}}", "userData.dob", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"dob\":\"1990-02-30\"}}", "userData.dob", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"idType\":\"CURP\",\"idNumber\":\"NOTACURP\"}}", "userData.idNumber", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"idType\":\"DRIVING\"}}", "userData.idType", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"name\":{\"firstName\":\"J0hn\"}}}", "userData.name.firstName", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"paymentMethod\":{\"type\":\"bank_account\",\"bankAccount\":{\"country\":\"MX\",\"accountNumber\":\"014027000005555559\"}}}}",
                        "userData.paymentMethod.bankAccount.accountNumber", null},
                {"{\"referenceId\":\"r\",\"userData\":{\"idImage\":\"data:image/gif;base64,R0lGOD\"}}", "userData.idImage", null},
        };
        for (String[] c : cases) {
            ApiClient.Response response = createLink(c[0]);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.errorCode()).as(c[0]).isEqualTo("INVALID_REQUEST");
            assertThat(response.body().at("/error/field").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(response.body().at("/error/message").asText()).as(c[0]).contains(c[1]);
            if (c[2] != null) {
                assertThat(response.body().at("/error/message").asText()).isEqualTo(c[2]);
            }
        }
        assertThat(eventCount()).as("nothing stored from rejected requests").isEqualTo(eventsBefore);
        assertThat(api.get("/partner/users/r").key(key).send().status()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAreAnsweredInTheEnvelopeWithoutStackTraces() {
        ApiClient.Response malformed = api.post("/partner/links", "{\"referenceId\":").key(key).send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("INVALID_REQUEST");

        ApiClient.Response notJson = api.post("/partner/links", "{\"referenceId\":\"x\"}").key(key)
                .header("Content-Type", "text/plain").send();
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().at("/error/message").asText()).contains("Content-Type");

        ApiClient.Response array = api.post("/partner/links", "[1,2]").key(key).send();
        assertThat(array.status()).isEqualTo(400);

        String huge = "{\"referenceId\":\"big\",\"userData\":{\"idImage\":\"data:image/png;base64,"
                + "A".repeat(9 * 1024 * 1024) + "\"}}";
        ApiClient.Response tooLarge = api.post("/partner/links", huge).key(key).send();
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().at("/error/message").asText()).contains("larger than the limit");

        ApiClient.Response unknownPath = api.get("/partner/nothing-here").key(key).send();
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.errorCode()).isEqualTo("RESOURCE_NOT_FOUND");

        for (ApiClient.Response r : new ApiClient.Response[]{malformed, notJson, array, tooLarge, unknownPath}) {
            assertThat(r.raw().body()).doesNotContain("at com.", "at org.", "Exception");
            assertThat(r.body().at("/error/requestId").asText()).isEqualTo(r.header("X-Request-Id"));
        }
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class);
    }
}

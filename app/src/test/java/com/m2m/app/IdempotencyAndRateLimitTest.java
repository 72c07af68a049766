package com.m2m.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@PlatformTest
class IdempotencyAndRateLimitTest extends SandboxPartnerTest {

    IdempotencyAndRateLimitTest() {
        super("idem");
    }

    @Test
    void sameKeyAndBodyReplaysTheFirstResponse() {
        String body = "{\"referenceId\":\"idem-user\"}";
        ApiClient.Response first = api.post("/partner/links", body).key(key).header("Idempotency-Key", "k-1").send();
        ApiClient.Response replay = api.post("/partner/links", body).key(key).header("Idempotency-Key", "k-1").send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.data()).isEqualTo(first.data());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/partner/links").key(key).send().data().at("/pagination/total").asInt()).isEqualTo(1);

        ApiClient.Response different = api.post("/partner/links", "{\"referenceId\":\"someone-else\"}").key(key)
                .header("Idempotency-Key", "k-1").send();
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.errorCode()).isEqualTo("IDEMPOTENCY_CONFLICT");

        ApiClient.Response withoutKey = api.post("/partner/links", body).key(key).send();
        assertThat(withoutKey.errorCode()).as("no key: a real second request").isEqualTo("ACTIVE_LINK_EXISTS");
    }

    @Test
    void keysAreScopedToThePartnerAndRejectedRequestsAreNotKept() {
        ApiClient.Response invalid = api.post("/partner/links", "{}").key(key).header("Idempotency-Key", "k-2").send();
        assertThat(invalid.status()).isEqualTo(400);
        ApiClient.Response corrected = api.post("/partner/links", "{\"referenceId\":\"fixed\"}").key(key)
                .header("Idempotency-Key", "k-2").send();
        assertThat(corrected.status()).as("a validation failure does not burn the key").isEqualTo(201);

        String otherKey = new Partners(api).sandboxPartner(Partners.uniqueId("other"));
        ApiClient.Response otherPartner = api.post("/partner/links", "{\"referenceId\":\"fixed\"}").key(otherKey)
                .header("Idempotency-Key", "k-2").send();
        assertThat(otherPartner.status()).isEqualTo(201);
        assertThat(otherPartner.data().get("linkId").asText()).isNotEqualTo(corrected.data().get("linkId").asText());
    }

    @Test
    void createLinkRateLimitAnswers429WithRetryAfter() {
        api.put("/admin/partners/" + partnerId + "/settings/sandbox", "{\"createLinksPerMinute\":3}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/partner/links", "{\"referenceId\":\"rl-" + i + "\"}").key(key).send().status())
                    .isEqualTo(201);
        }
        ApiClient.Response limited = api.post("/partner/links", "{\"referenceId\":\"rl-4\"}").key(key).send();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(api.get("/partner/users/rl-4").key(key).send().status()).as("nothing stored").isEqualTo(404);

        assertThat(api.get("/partner/links").key(key).send().status()).as("reads have their own budget").isEqualTo(200);
    }

    @Test
    void requestRateLimitCoversEveryOtherEndpoint() {
        api.put("/admin/partners/" + partnerId + "/settings/sandbox", "{\"requestsPerMinute\":2}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        api.get("/partner/profile").key(key).send();
        api.get("/partner/links").key(key).send();
        ApiClient.Response limited = api.get("/partner/profile").key(key).send();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
    }
}

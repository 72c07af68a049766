package com.m2m.app.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A sandbox partner created through the operator API, and what it does from its side of a widget test. */
final class SandboxPartner {

    /** A link as the partner got it, with its widget URL pointed at the test server's random port. */
    record Link(String linkId, String token, String url) {
    }

    final ApiClient api;
    final String partnerId;
    final String key;
    private final int port;

    private SandboxPartner(ApiClient api, String partnerId, String key, int port) {
        this.api = api;
        this.partnerId = partnerId;
        this.key = key;
        this.port = port;
    }

    static SandboxPartner create(int port, String name) {
        ApiClient api = new ApiClient(port);
        String partnerId = Partners.uniqueId("acme");
        ApiClient.Response created = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"" + name + "\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new SandboxPartner(api, partnerId, new Partners(api).key(partnerId, "sandbox"), port);
    }

    static String newReferenceId() {
        return "user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    Link link(String body) {
        ApiClient.Response created = api.post("/partner/links", body).key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        URI url = URI.create(created.data().get("url").asText());
        // m2m.public-base-url is the default http://localhost:8080; the test server listens elsewhere.
        String local = "http://localhost:" + port + url.getRawPath() + "#" + url.getRawFragment();
        return new Link(created.data().get("linkId").asText(), created.data().get("token").asText(), local);
    }

    void expire(String linkId) {
        ApiClient.Response expired = api.post("/partner/sandbox/links/" + linkId + "/expire", null).key(key).send();
        assertThat(expired.status()).as(expired.toString()).isEqualTo(200);
    }

    void revoke(String linkId) {
        ApiClient.Response revoked = api.post("/partner/links/" + linkId + "/revoke",
                "{\"reason\":\"User requested cancellation\"}").key(key).send();
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    }

    void sandboxSettings(String json) {
        ApiClient.Response updated = api.put("/admin/partners/" + partnerId + "/settings/sandbox", json)
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    }

    JsonNode operation(String operationId) {
        ApiClient.Response operation = api.get("/partner/operations/" + operationId).key(key).send();
        assertThat(operation.status()).as(operation.toString()).isEqualTo(200);
        return operation.data();
    }

    JsonNode user(String referenceId) {
        ApiClient.Response user = api.get("/partner/users/" + referenceId).key(key).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        return user.data();
    }
}

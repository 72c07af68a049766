package com.m2m.app.support;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.app.ApiClient;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The calls support tests share: partner links, widget sessions, support reads. */
final class SupportTestClient {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final ApiClient api;
    private final String key;

    SupportTestClient(ApiClient api, String key) {
        this.api = api;
        this.key = key;
    }

    record IssuedLink(String linkId, String token, String userId) {
    }

    IssuedLink link(String body) {
        ApiClient.Response created = api.post("/partner/links", body).key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new IssuedLink(created.data().get("linkId").asText(), created.data().get("token").asText(),
                created.data().get("userId").asText());
    }

    String session(IssuedLink link) {
        ApiClient.Response session = api.post("/widget/api/sessions",
                "{\"linkId\":\"" + link.linkId() + "\",\"token\":\"" + link.token() + "\"}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        return session.data().get("sessionToken").asText();
    }

    JsonNode ok(ApiClient.Call call) {
        ApiClient.Response response = call.send();
        assertThat(response.status()).as(response.toString()).isBetween(200, 202);
        return response.data();
    }

    JsonNode history(String userId, String token) {
        return ok(api.get("/support/users/" + userId + "/history").bearer(token));
    }

    JsonNode state(String userId, Instant asOf, String token) {
        return ok(api.get("/support/users/" + userId + "/state?asOf=" + asOf).bearer(token));
    }

    /** The first history entry matching type, field and source (field/source may be null = any). */
    static JsonNode entry(JsonNode history, String type, String field, String source) {
        for (JsonNode event : history.get("events")) {
            if (event.get("type").asText().equals(type)
                    && (field == null || field.equals(event.path("field").asText(null)))
                    && (source == null || source.equals(event.path("source").asText(null)))) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " " + field + " " + source + " in " + history);
    }

    JsonNode awaitUserStatus(String referenceId, String status) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = ok(api.get("/partner/users/" + referenceId).key(key));
            if (status.equals(last.get("status").asText())) {
                return last;
            }
            Pause.millis(100);
        }
        throw new AssertionError(referenceId + " never became " + status + "; last " + last);
    }
}

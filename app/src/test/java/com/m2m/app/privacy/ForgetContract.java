package com.m2m.app.privacy;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import com.m2m.app.WebhookReceiver;
import com.m2m.app.WidgetCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crypto-shredding end to end, on a real database: one user goes through every source of personal data (partner
 * API, an ignored widget update, verification, an operation with an account number), another user is left alone;
 * the raw database never holds their names, id numbers, dates of birth or account numbers, before or after
 * forgetting; after forgetting the first, every view shows {@code {"erased": true}} where its personal data was
 * (also after rebuilding the projections), states, times and sources stay, the other user reads in full, and a new
 * link starts the forgotten user over.
 */
abstract class ForgetContract {

    static final String[] PII_A = {"Wenceslao", "Quiroga", "Wilfredo", "PX7734219QW", "1983-07-19",
            "014027000005555558"};
    static final String[] PII_B = {"Leocadia", "Barrantes", "PB5566001ZK", "1979-11-02", "002010077777777771"};
    static final List<String> START_ARGS = List.of("--server.port=0", "--m2m.cip.sandbox-delay=100ms",
            "--m2m.links.expiry-check=100ms", "--m2m.payouts.sandbox-step-delay=100ms",
            "--m2m.demo-partner.enabled=false",
            // The webhook receiver this test starts listens on loopback (allowed in sandbox by this setting).
            "--m2m.webhooks.allow-private-targets=true", "--m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN
                    + ":OPERATOR+SUPPORT+ANALYST," + PlatformTest.SUPPORT_TOKEN + ":SUPPORT,"
                    + "pia=" + ForgetContract.PII_TOKEN + ":SUPPORT+PII");

    /** A support token that may read unmasked personal data (it still sees only erased markers after a forget). */
    static final String PII_TOKEN = "forget-suite-support-pii-4d2a9c";

    static String[] args(String... more) {
        return java.util.stream.Stream.concat(START_ARGS.stream(), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    /** The platform's port. */
    abstract int port();

    /** Everything the database holds, as text (the point: personal data must not be found in it). */
    abstract String rawDatabase();

    @Test
    void forgettingErasesOneUserEverywhereAndNothingPersonalIsStoredInPlainText() {
        ApiClient api = new ApiClient(port());
        String partnerId = Partners.uniqueId("forget");
        String key = new Partners(api).sandboxPartner(partnerId);
        String refA = "forget-me-" + Partners.uniqueId("a");
        String refB = "keep-me-" + Partners.uniqueId("b");
        // Webhooks on, so the outbox and delivery log hold this journey's payloads too.
        assertThat(api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key).send()
                .status()).isEqualTo(200);

        // A: partner data, a widget update that loses on firstName, verification, an operation to an account.
        ApiClient.Response createdA = api.post("/partner/links", """
                {"referenceId":"%s","userData":{"name":{"firstName":"Wenceslao","lastName":"Quiroga","secondName":"",
                 "secondLastName":""},"idType":"PASSPORT","idNumber":"PX7734219QW","dob":"1983-07-19"}}"""
                .formatted(refA)).key(key).send();
        assertThat(createdA.status()).as(createdA.toString()).isEqualTo(201);
        String userA = createdA.data().get("userId").asText();
        String session = session(api, createdA.data());
        ApiClient.Response details = api.post("/widget/api/details", """
                {"userData":{"name":{"firstName":"Wilfredo"},"paymentMethod":{"type":"bank_account",
                 "bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""").bearer(session).send();
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        assertThat(details.data().get("ignoredFields")).extracting(JsonNode::asText).containsExactly("name.firstName");
        WidgetCalls widget = new WidgetCalls(api, session);
        widget.startVerification();
        awaitUserStatus(api, key, refA, "cip_verified");
        String operationId = widget.send("100.00").data().get("operationId").asText();

        // B: full data from the partner.
        ApiClient.Response createdB = api.post("/partner/links", """
                {"referenceId":"%s","userData":{"name":{"firstName":"Leocadia","lastName":"Barrantes"},
                 "idType":"PASSPORT","idNumber":"PB5566001ZK","dob":"1979-11-02","paymentMethod":{"type":"bank_account",
                 "bankAccount":{"country":"MX","accountNumber":"002010077777777771"}}}}""".formatted(refB))
                .key(key).send();
        assertThat(createdB.status()).as(createdB.toString()).isEqualTo(201);

        assertNoPlainPersonalData(refA);
        JsonNode beforeA = user(api, key, refA);
        JsonNode beforeB = user(api, key, refB);
        assertThat(beforeA.at("/fields/idNumber/maskedValue").asText()).isEqualTo("****19QW");
        assertThat(beforeA.at("/fields/name.firstName/source").asText()).isEqualTo("partner_api");

        // The sandbox payout runs on its own: let it finish, so the views compared below cannot move under us.
        awaitOperationEnd(api, key, operationId);

        // Only an operator may forget.
        assertThat(api.post("/admin/users/" + userA + "/forget", null).bearer(PlatformTest.SUPPORT_TOKEN).send()
                .status()).isEqualTo(403);
        assertThat(api.post("/admin/users/" + userA + "/forget", null).key(key).send().status()).isIn(401, 403);
        assertThat(api.post("/admin/users/user_nobody_0123456789abcdef0123/forget", null)
                .bearer(PlatformTest.OPERATOR_TOKEN).send().status()).isEqualTo(404);
        ApiClient.Response forgotten = api.post("/admin/users/" + userA + "/forget", null)
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(200);
        assertThat(forgotten.data().get("forgotten").asBoolean()).isTrue();

        JsonNode afterA = user(api, key, refA);
        assertErased(beforeA, afterA);
        assertThat(user(api, key, refB)).as("another user is unaffected").isEqualTo(beforeB);
        assertThat(user(api, key, refB).at("/fields/idNumber/maskedValue").asText()).isEqualTo("****01ZK");
        // A's link is completed, so its session answers only the final state (no prefill at all). A user forgotten
        // while a link is still open keeps the link, and the widget shows erased markers where the prefill was.
        assertThat(widgetState(api, session).get("user").isNull()).isTrue();
        ApiClient.Response createdC = api.post("/partner/links", """
                {"referenceId":"%s","userData":{"name":{"firstName":"Eustaquia","lastName":"Villarreal"}}}"""
                .formatted("forget-open-" + Partners.uniqueId("c"))).key(key).send();
        assertThat(createdC.status()).as(createdC.toString()).isEqualTo(201);
        String sessionC = session(api, createdC.data());
        assertThat(widgetState(api, sessionC).at("/user/prefilled/name.firstName").asText()).isEqualTo("E***");
        assertThat(api.post("/admin/users/" + createdC.data().get("userId").asText() + "/forget", null)
                .bearer(PlatformTest.OPERATOR_TOKEN).send().status()).isEqualTo(200);
        JsonNode prefilled = widgetState(api, sessionC).at("/user/prefilled");
        assertThat(prefilled.size()).isPositive();
        prefilled.forEach(mask -> assertThat(mask.get("erased").asBoolean()).isTrue());
        JsonNode operationAfter = api.get("/partner/operations/" + operationId).key(key).send().data();
        assertThat(operationAfter.at("/payout/accountLast4/erased").asBoolean()).isTrue();
        assertThat(operationAfter.at("/amount/send").decimalValue()).isEqualByComparingTo("100.00");

        // Rebuilt from the events, the read models reach the same answers: the forget event stays in the stream
        // and the personal values read as erased without their key.
        for (String projection : List.of("user-view", "operation-view")) {
            ApiClient.Response rebuilt = api.post("/admin/projections/" + projection + "/rebuild", null)
                    .bearer(PlatformTest.OPERATOR_TOKEN).send();
            assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        }
        assertThat(user(api, key, refA)).isEqualTo(afterA);
        assertThat(user(api, key, refB)).isEqualTo(beforeB);
        assertThat(api.get("/partner/operations/" + operationId).key(key).send().data()).isEqualTo(operationAfter);

        // Support, even with the PII role, reads the forgotten user's history and past state as erased values
        // (sources, outcomes and times stay); the other user still reads in full; the forget is audited.
        JsonNode history = api.get("/support/users/" + userA + "/history").bearer(PII_TOKEN).send().data();
        List<JsonNode> attempts = new java.util.ArrayList<>();
        history.get("events").forEach(event -> {
            if (event.has("field")) {
                attempts.add(event);
            }
        });
        assertThat(attempts).isNotEmpty();
        attempts.forEach(attempt -> {
            assertThat(attempt.at("/value/erased").asBoolean()).as(attempt.toString()).isTrue();
            assertThat(attempt.get("source").asText()).isNotEmpty();
            assertThat(attempt.get("outcome").asText()).isIn("applied", "ignored");
        });
        assertThat(history.toString()).contains("user.forgotten");
        JsonNode stateA = api.get("/support/users/" + userA + "/state?asOf=" + java.time.Instant.now())
                .bearer(PII_TOKEN).send().data();
        assertThat(stateA.at("/fields/name.firstName/value/erased").asBoolean()).isTrue();
        assertThat(stateA.at("/fields/name.firstName/source").asText()).isEqualTo("partner_api");
        String userB = user(api, key, refB).get("userId").asText();
        assertThat(api.get("/support/users/" + userB + "/history").bearer(PII_TOKEN).send().data().toString())
                .contains("Leocadia");
        JsonNode audit = api.get("/admin/audit?action=user.forgotten").bearer(PlatformTest.OPERATOR_TOKEN).send().data();
        assertThat(audit.findValuesAsText("target")).contains(userA);

        assertNoPlainPersonalData(refA);

        // A new link for the forgotten referenceId starts over: nothing known, verification required again.
        awaitOperationEnd(api, key, operationId);
        ApiClient.Response again = api.post("/partner/links", "{\"referenceId\":\"" + refA + "\"}").key(key).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.data().get("userStatus").asText()).isEqualTo("pending");
        JsonNode restarted = user(api, key, refA);
        assertThat(restarted.get("status").asText()).isEqualTo("pending");
        assertThat(restarted.get("fields").size()).isZero();
        // Every reader of statuses follows the start-over (A was cip_verified; B is data_complete, C incomplete).
        JsonNode states = api.get("/analytics/users/states?partnerId=" + partnerId).bearer(PlatformTest.OPERATOR_TOKEN)
                .send().data().get("states");
        assertThat(states.get("pending").asInt()).isEqualTo(1);
        assertThat(states.get("cip_verified").asInt()).isZero();
        assertThat(restarted.get("missingFields")).extracting(JsonNode::asText).contains("idNumber", "dob");
    }

    /**
     * Idempotency records keep the first answer for replays, and a link's 201 carries its token (stored nowhere
     * else but as a hash) and, with a callbackUrl in an environment without a secret yet, the {@code whsec_}
     * signing secret: the database must hold neither readable, and the replay must still give the same answer.
     */
    @Test
    void anIdempotentCreateKeepsNoReadableTokenOrSecret() {
        ApiClient api = new ApiClient(port());
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("idem"));
        String body = "{\"referenceId\":\"idem-user\",\"callbackUrl\":\"" + receiver.url("/callback") + "\"}";
        ApiClient.Response first = api.post("/partner/links", body).key(key).header("Idempotency-Key", "idem-1").send();
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String token = first.data().get("token").asText();
        String secret = first.data().get("webhookSecret").asText();
        assertThat(secret).startsWith("whsec_");

        ApiClient.Response replay = api.post("/partner/links", body).key(key).header("Idempotency-Key", "idem-1").send();
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());

        String raw = rawDatabase();
        assertThat(raw).contains("idem-user").doesNotContain(token).doesNotContain(secret);
        // The token's hash and the secret's sealed form are all there is; the literal secret prefix is not stored.
        assertThat(raw).doesNotContain(secret.substring("whsec_".length()));
    }

    private void assertNoPlainPersonalData(String sanityMarker) {
        String raw = rawDatabase();
        assertThat(raw).as("the scan reads the stored rows (the referenceId is not personal data)")
                .contains(sanityMarker);
        for (String value : PII_A) {
            assertThat(raw).as("plain personal data of the user to forget").doesNotContain(value);
        }
        for (String value : PII_B) {
            assertThat(raw).as("plain personal data of the other user").doesNotContain(value);
        }
    }

    private static void assertErased(JsonNode before, JsonNode after) {
        assertThat(after.get("status")).as("states stay").isEqualTo(before.get("status"));
        assertThat(after.get("cipVerifiedAt")).isEqualTo(before.get("cipVerifiedAt"));
        assertThat(after.get("fields").size()).isEqualTo(before.get("fields").size());
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) () -> after.get("fields").fields()) {
            JsonNode was = before.get("fields").get(field.getKey());
            assertThat(field.getValue().get("source")).as("sources stay").isEqualTo(was.get("source"));
            assertThat(field.getValue().get("updatedAt")).as("times stay").isEqualTo(was.get("updatedAt"));
            assertThat(field.getValue().at("/maskedValue/erased").asBoolean()).as(field.getKey()).isTrue();
        }
    }

    static JsonNode user(ApiClient api, String key, String referenceId) {
        ApiClient.Response user = api.get("/partner/users/" + referenceId).key(key).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        return user.data();
    }

    private static String session(ApiClient api, JsonNode link) {
        ApiClient.Response session = api.post("/widget/api/sessions", "{\"linkId\":\"" + link.get("linkId").asText()
                + "\",\"token\":\"" + link.get("token").asText() + "\"}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        return session.data().get("sessionToken").asText();
    }

    private static JsonNode widgetState(ApiClient api, String session) {
        ApiClient.Response state = api.get("/widget/api/state").bearer(session).send();
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        return state.data();
    }

    private static void awaitUserStatus(ApiClient api, String key, String referenceId, String status) {
        await(() -> status.equals(user(api, key, referenceId).get("status").asText()), "user " + status);
    }

    private static void awaitOperationEnd(ApiClient api, String key, String operationId) {
        await(() -> List.of("completed", "failed").contains(
                api.get("/partner/operations/" + operationId).key(key).send().data().get("status").asText()),
                "operation finished");
    }

    private static void await(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Pause.millis(50);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }
}

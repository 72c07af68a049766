package com.m2m.app;

import com.m2m.domain.testing.Pause;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fresh sandbox partner with links in every end state, data requests answered and not, and operations in two
 * corridors, all driven over HTTP as the partner and its end users would (partner API, widget API). Waits until
 * nothing is moving any more (verifications decided, payouts finished, webhooks delivered), so that what the read
 * models answer afterwards is stable.
 *
 * <pre>
 * reference     link         user             data request           operation
 * a-created     created      data_incomplete  pending (unanswered)
 * a-partial     opened       data_incomplete  partially_fulfilled
 * a-answered    created      data_complete    fulfilled (answered)
 * a-expired     expired      data_incomplete  expired
 * a-revoked     revoked      pending          expired
 * a-progress    in_progress  cip_verified     -
 * a-cipfail     in_progress  cip_failed       -
 * a-mxn         completed    cip_verified     -                      USD-MXN completed
 * a-bounce      completed    cip_verified     -                      USD-MXN failed
 * a-gtq         completed    cip_verified     -                      USD-GTQ completed
 * </pre>
 * plus one live link ({@code a-live}, created) that every sandbox-filtered answer must leave out.
 */
final class AnalyticsScenario {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String NAME_ONLY = "{\"name\":{\"firstName\":\"Ana\",\"lastName\":\"Ruiz\"}}";
    static final String FULL_MX = """
            {"name":{"firstName":"Juan","secondName":"Carlos","lastName":"Pérez","secondLastName":"García"},
             "idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15",
             "paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}""";
    static final String FULL_GT = FULL_MX.replace("\"country\":\"MX\",\"accountNumber\":\"014027000005555558\"",
            "\"country\":\"GT\",\"accountNumber\":\"GT0012345678\"");
    static final String FULL_BOUNCING = FULL_MX.replace("014027000005555558", "012180999999999995");
    static final String FULL_CIP_FAILS = FULL_MX.replace("1990-05-15", "1900-01-01");

    static final List<String> SANDBOX_REFERENCES = List.of("a-created", "a-partial", "a-answered", "a-expired",
            "a-revoked", "a-progress", "a-cipfail", "a-mxn", "a-bounce", "a-gtq");

    final ApiClient api;
    final String partnerId;
    final String key;
    final String liveKey;
    /** referenceId → linkId (sandbox). */
    final Map<String, String> links = new LinkedHashMap<>();
    /** referenceId → widget session token, for the links a user opened. */
    final Map<String, String> sessions = new LinkedHashMap<>();
    final List<String> operations = new ArrayList<>();
    /** linkId → the link's token (shown once, in the 201). */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    /** The time of each data request's first answer by the partner, as the API reports it. */
    final Map<String, Instant> firstAnswers = new LinkedHashMap<>();
    String liveLinkId;

    private AnalyticsScenario(ApiClient api, String partnerId, String key, String liveKey) {
        this.api = api;
        this.partnerId = partnerId;
        this.key = key;
        this.liveKey = liveKey;
    }

    static final String HOOKS = "/hooks";

    /** Builds everything for a new partner whose webhooks go to {@code receiver}; returns once all is still. */
    static AnalyticsScenario build(ApiClient api, WebhookReceiver receiver) {
        String partnerId = Partners.uniqueId("ana");
        ApiClient.Response partner = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Analytics Inc\"}").bearer(AnalystPlatformTest.OPERATOR).send();
        assertThat(partner.status()).as(partner.toString()).isEqualTo(201);
        AnalyticsScenario scenario = new AnalyticsScenario(api, partnerId, issueKey(api, partnerId, "sandbox"),
                issueKey(api, partnerId, "live"));
        scenario.run(receiver);
        return scenario;
    }

    private static String issueKey(ApiClient api, String partnerId, String environment) {
        ApiClient.Response key = api.post("/admin/partners/" + partnerId + "/keys",
                "{\"environment\":\"" + environment + "\"}").bearer(AnalystPlatformTest.OPERATOR).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.data().get("apiKey").asText();
    }

    private void run(WebhookReceiver receiver) {
        ApiClient.Response hooks = api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url(HOOKS) + "\"}")
                .key(key).send();
        assertThat(hooks.status()).as(hooks.toString()).isIn(200, 201);

        link("a-created", NAME_ONLY);
        session("a-partial", link("a-partial", NAME_ONLY));
        answer("a-partial", "{\"dob\":\"1990-05-15\"}");
        link("a-answered", NAME_ONLY);
        answer("a-answered", "{\"name\":{\"secondName\":\"\",\"secondLastName\":\"\"},\"idType\":\"CURP\","
                + "\"idNumber\":\"GAPA900515HDFRRL09\",\"dob\":\"1990-05-15\"}");
        ApiClient.Response expired = api.post("/partner/sandbox/links/" + link("a-expired", NAME_ONLY)
                + "/expire", null).key(key).send();
        assertThat(expired.status()).as(expired.toString()).isEqualTo(200);
        ApiClient.Response revoked = api.post("/partner/links/" + link("a-revoked", null) + "/revoke",
                "{\"reason\":\"analytics test\"}").key(key).send();
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        // Verifications start together and are decided in the background; then three users send money.
        Map<String, String> verifying = new LinkedHashMap<>();
        verifying.put("a-progress", FULL_MX);
        verifying.put("a-cipfail", FULL_CIP_FAILS);
        verifying.put("a-mxn", FULL_MX);
        verifying.put("a-bounce", FULL_BOUNCING);
        verifying.put("a-gtq", FULL_GT);
        verifying.forEach((reference, userData) -> startVerification(session(reference, link(reference, userData))));
        verifying.keySet().forEach(reference -> awaitUserStatus(sessions.get(reference),
                reference.equals("a-cipfail") ? "cip_failed" : "cip_verified"));
        send(sessions.get("a-mxn"), "100.00", "MXN");
        send(sessions.get("a-bounce"), "10.50", "MXN");
        send(sessions.get("a-gtq"), "40.25", "GTQ");

        ApiClient.Response live = api.post("/partner/links", "{\"referenceId\":\"a-live\"}").key(liveKey).send();
        assertThat(live.status()).as(live.toString()).isEqualTo(201);
        liveLinkId = live.data().get("linkId").asText();

        for (String operationId : operations) {
            await("operation " + operationId, () -> api.get("/partner/operations/" + operationId).key(key).send(),
                    r -> Set.of("completed", "failed").contains(r.data().get("status").asText()));
        }
        // The outbox turns events into deliveries on its own thread, in event order: once the webhooks of the last
        // sandbox events (the payouts' ends) have arrived, every earlier delivery is recorded too.
        receiver.await(HOOKS, r -> Set.of("operation.completed", "operation.failed").contains(r.event())
                && operations.contains(r.json().at("/data/operationId").asText()), operations.size(), WAIT);
        awaitDeliveriesSettled();
    }

    private String link(String referenceId, String userData) {
        String body = "{\"referenceId\":\"" + referenceId + "\"" + (userData == null ? "" : ",\"userData\":" + userData)
                + "}";
        ApiClient.Response created = api.post("/partner/links", body).key(key).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String linkId = created.data().get("linkId").asText();
        links.put(referenceId, linkId);
        tokens.put(linkId, created.data().get("token").asText());
        return linkId;
    }

    private String session(String referenceId, String linkId) {
        ApiClient.Response session = api.post("/widget/api/sessions", "{\"linkId\":\"" + linkId + "\",\"token\":\""
                + tokens.get(linkId) + "\"}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        String token = session.data().get("sessionToken").asText();
        sessions.put(referenceId, token);
        return token;
    }

    private void answer(String referenceId, String userData) {
        String requestId = dataRequestOf(referenceId).get("dataRequestId").asText();
        ApiClient.Response answered = api.put("/partner/data-requests/" + requestId,
                "{\"referenceId\":\"" + referenceId + "\",\"userData\":" + userData + "}").key(key).send();
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        // The answer's time as the partner can read it: the link's data_received entry.
        JsonNode activity = api.get("/partner/links/" + links.get(referenceId) + "/activity").key(key).send().data();
        for (JsonNode entry : activity) {
            if (entry.get("type").asText().equals("data_received")) {
                firstAnswers.putIfAbsent(requestId, Instant.parse(entry.get("at").asText()));
            }
        }
        assertThat(firstAnswers).containsKey(requestId);
    }

    JsonNode dataRequestOf(String referenceId) {
        JsonNode items = api.get("/partner/data-requests?referenceId=" + referenceId).key(key).send().data().get("items");
        assertThat(items).as("data request of " + referenceId).hasSize(1);
        return items.get(0);
    }

    private void startVerification(String session) {
        ApiClient.Response started = api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
    }

    private void awaitUserStatus(String session, String outcome) {
        await("verification", () -> api.get("/widget/api/state").bearer(session).send(),
                r -> outcome.equals(r.data().at("/user/status").asText()));
    }

    private void send(String session, String amount, String currency) {
        ApiClient.Response quote = api.post("/widget/api/quotes", "{\"send\":" + amount + ",\"destinationCurrency\":\""
                + currency + "\"}").bearer(session).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        ApiClient.Response operation = api.post("/widget/api/operations",
                "{\"quoteId\":\"" + quote.data().get("quoteId").asText() + "\"}").bearer(session).send();
        assertThat(operation.status()).as(operation.toString()).isEqualTo(201);
        operations.add(operation.data().get("operationId").asText());
    }

    /** Every delivery recorded so far has finished (delivered, or failed for good): nothing is in flight. */
    void awaitDeliveriesSettled() {
        await("webhook deliveries", () -> api.get("/partner/webhooks/deliveries?limit=100").key(key).send(),
                r -> {
                    for (JsonNode item : r.data().get("items")) {
                        if (!Set.of("delivered", "failed").contains(item.get("status").asText())) {
                            return false;
                        }
                    }
                    return r.data().at("/pagination/total").asInt() > 0;
                });
    }

    /** Polls (bounded) until {@code done} holds for the answer. */
    static ApiClient.Response await(String what, java.util.function.Supplier<ApiClient.Response> call,
                                    Predicate<ApiClient.Response> done) {
        Instant deadline = Instant.now().plus(WAIT);
        ApiClient.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call.get();
            if (last.status() == 200 && done.test(last)) {
                return last;
            }
            Pause.millis(50);
        }
        throw new AssertionError(what + " never settled; last " + last);
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's first-transaction journey: partial data → user.data_request → the partner's answer → data complete. */
@WebhookPlatformTest
class DataRequestJourneyTest extends WebhookPartnerTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    TestClock clock;

    DataRequestJourneyTest() {
        super("dr");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    JsonNode dataRequestFor(String referenceId) {
        return receiver.await("/hooks", r -> r.event().equals("user.data_request")
                && r.json().at("/data/referenceId").asText().equals(referenceId), 1, WAIT).get(0).json().get("data");
    }

    /** An answer to an ended request is refused as LINK_EXPIRED, and the request reads as expired. */
    private void assertAnswerRefusedAsExpired(String dataRequestId, String referenceId) {
        ApiClient.Response refused = api.put("/partner/data-requests/" + dataRequestId,
                "{\"referenceId\":\"" + referenceId + "\",\"userData\":{\"dob\":\"1990-05-15\"}}").key(key).send();
        assertThat(refused.status()).isEqualTo(410);
        assertThat(refused.errorCode()).isEqualTo("LINK_EXPIRED");
        assertThat(api.get("/partner/data-requests/" + dataRequestId).key(key).send().data().get("status").asText())
                .isEqualTo("expired");
    }

    @Test
    void firstTransactionJourney() {
        ApiClient.Response link = api.post("/partner/links", """
                {"referenceId":"user_12345","userData":{"name":{"firstName":"Juan","lastName":"Garcia"}}}""")
                .key(key).send();
        String linkId = link.data().get("linkId").asText();

        JsonNode request = dataRequestFor("user_12345");
        assertThat(request.get("linkId").asText()).isEqualTo(linkId);
        assertThat(request.get("dataRequestId").asText()).matches("dr_dr[0-9a-f]+_[0-9a-f]{12}");
        assertThat(request.get("requiredFields")).extracting(JsonNode::asText)
                .containsExactly("name.secondName", "name.secondLastName", "idNumber", "idType", "dob");
        assertThat(request.get("expiresAt").asText()).isEqualTo(link.data().get("expiresAt").asText());
        String replyEndpoint = request.get("replyEndpoint").asText();
        assertThat(replyEndpoint).isEqualTo("http://localhost:8080/partner/data-requests/" + request.get("dataRequestId").asText());
        assertThat(receiver.await("/hooks", r -> true, 2, WAIT)).extracting(WebhookReceiver.Received::event)
                .as("link.created comes first").startsWith("link.created");

        // The partner answers at the replyEndpoint; firstName from partner_api must win over the answer's.
        ApiClient.Response partial = api.put(URI.create(replyEndpoint).getPath(), """
                {"referenceId":"user_12345","userData":{"name":{"firstName":"Juanito","secondName":"Carlos"},"dob":"1990-05-15"}}""")
                .key(key).send();
        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
        assertThat(partial.data().get("status").asText()).isEqualTo("partially_fulfilled");
        assertThat(partial.data().get("remainingFields")).extracting(JsonNode::asText)
                .containsExactly("name.secondLastName", "idNumber", "idType");

        ApiClient.Response answer = api.put(URI.create(replyEndpoint).getPath(), """
                {"referenceId":"user_12345","userData":{"name":{"secondLastName":""},"idType":"CURP","idNumber":"GAPA900515HDFRRL09"}}""")
                .key(key).send();
        JsonNode data = answer.data();
        assertThat(data.get("status").asText()).isEqualTo("fulfilled");
        assertThat(data.get("message").asText()).isEqualTo("User data received and merged successfully");
        assertThat(data.get("linkId").asText()).isEqualTo(linkId);
        assertThat(data.get("fulfilledAt").asText()).endsWith("Z");
        assertThat(data.get("remainingFields")).isEmpty();

        ApiClient.Response again = api.put(URI.create(replyEndpoint).getPath(), """
                {"referenceId":"user_12345","userData":{"name":{"secondLastName":""},"idType":"CURP","idNumber":"GAPA900515HDFRRL09"}}""")
                .key(key).send();
        assertThat(again.data()).as("answering twice with the same data is idempotent").isEqualTo(data);

        JsonNode user = api.get("/partner/users/user_12345").key(key).send().data();
        assertThat(user.get("status").asText()).isEqualTo("data_complete");
        assertThat(user.at("/fields/name.firstName/source").asText()).isEqualTo("partner_api");
        assertThat(user.at("/fields/name.lastName/source").asText()).isEqualTo("partner_api");
        assertThat(user.at("/fields/name.secondName/source").asText()).isEqualTo("partner_webhook");
        assertThat(user.at("/fields/dob/source").asText()).isEqualTo("partner_webhook");

        JsonNode detail = api.get("/partner/data-requests/" + request.get("dataRequestId").asText()).key(key).send().data();
        assertThat(detail.get("status").asText()).isEqualTo("fulfilled");
        assertThat(api.get("/partner/links/" + linkId + "/activity").key(key).send().data().findValuesAsText("type"))
                .containsExactly("created", "data_requested", "data_received", "data_received");

        // A complete user gets no data request on the next link.
        api.post("/partner/links/" + linkId + "/revoke", "{}").key(key).send();
        api.post("/partner/links", "{\"referenceId\":\"user_12345\"}").key(key).send();
        assertThat(api.get("/partner/data-requests?referenceId=user_12345").key(key).send().data()
                .at("/pagination/total").asInt()).isEqualTo(1);
    }

    @Test
    void answersAreCheckedAgainstTheRequest() {
        api.post("/partner/links", "{\"referenceId\":\"checked\",\"expiresInMinutes\":5}").key(key).send();
        String id = dataRequestFor("checked").get("dataRequestId").asText();

        ApiClient.Response mismatch = api.put("/partner/data-requests/" + id,
                "{\"referenceId\":\"someone-else\",\"userData\":{\"dob\":\"1990-05-15\"}}").key(key).send();
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.errorCode()).isEqualTo("REFERENCE_ID_MISMATCH");

        ApiClient.Response invalid = api.put("/partner/data-requests/" + id,
                "{\"referenceId\":\"checked\",\"userData\":{\"dob\":\"tomorrow\"}}").key(key).send();
        assertThat(invalid.body().at("/error/field").asText()).isEqualTo("userData.dob");

        String otherKey = new Partners(api).sandboxPartner(Partners.uniqueId("drother"));
        ApiClient.Response foreign = api.put("/partner/data-requests/" + id,
                "{\"referenceId\":\"checked\",\"userData\":{\"dob\":\"1990-05-15\"}}").key(otherKey).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api.get("/partner/data-requests/" + id).key(otherKey).send().status()).isEqualTo(404);
        assertThat(api.put("/partner/data-requests/dr_x_000000000000",
                "{\"referenceId\":\"checked\",\"userData\":{}}").key(key).send().status()).isEqualTo(404);

        clock.advance(Duration.ofMinutes(6));
        assertAnswerRefusedAsExpired(id, "checked");
        assertThat(api.get("/partner/users/checked").key(key).send().data().get("fields").has("dob"))
                .as("nothing merged from a refused answer").isFalse();
    }

    @Test
    void aRequestExpiresWithItsLinkWhenTheLinkEndsEarly() {
        String revokedLink = api.post("/partner/links", "{\"referenceId\":\"early-1\"}").key(key).send().data()
                .get("linkId").asText();
        String revokedRequest = dataRequestFor("early-1").get("dataRequestId").asText();
        api.post("/partner/links/" + revokedLink + "/revoke", "{}").key(key).send();
        assertAnswerRefusedAsExpired(revokedRequest, "early-1");

        String expiredLink = api.post("/partner/links", "{\"referenceId\":\"early-2\"}").key(key).send().data()
                .get("linkId").asText();
        String expiredRequest = dataRequestFor("early-2").get("dataRequestId").asText();
        api.post("/partner/sandbox/links/" + expiredLink + "/expire", null).key(key).send();
        assertThat(api.put("/partner/data-requests/" + expiredRequest,
                "{\"referenceId\":\"early-2\",\"userData\":{\"dob\":\"1990-05-15\"}}").key(key).send().status())
                .isEqualTo(410);
        assertThat(api.get("/partner/data-requests?status=expired&referenceId=early-2").key(key).send().data()
                .at("/pagination/total").asInt()).isEqualTo(1);
    }

    @Test
    void noWebhookTargetMeansNoDataRequest() {
        String quietKey = new Partners(api).sandboxPartner(Partners.uniqueId("quiet"));
        api.post("/partner/links", "{\"referenceId\":\"quiet-user\"}").key(quietKey).send();
        assertThat(api.get("/partner/data-requests").key(quietKey).send().data().at("/pagination/total").asInt()).isZero();

        ApiClient.Response withCallback = api.post("/partner/links", "{\"referenceId\":\"cb-user\",\"callbackUrl\":\""
                + receiver.url("/cb") + "\"}").key(quietKey).send();
        String secret = withCallback.data().get("webhookSecret").asText();
        assertThat(secret).as("the first callbackUrl creates the signing secret, shown once").startsWith("whsec_");
        WebhookReceiver.Received request = receiver.await("/cb", r -> r.event().equals("user.data_request"), 1, WAIT).get(0);
        assertThat(request.signatureValidFor(secret)).as("never unsigned").isTrue();
        ApiClient.Response next = api.post("/partner/links", "{\"referenceId\":\"cb-user-2\",\"callbackUrl\":\""
                + receiver.url("/cb") + "\"}").key(quietKey).send();
        assertThat(next.data().has("webhookSecret")).isFalse();
    }
}

package com.m2m.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.app.WebhookPartnerTest;
import com.m2m.app.ApiClient;
import com.m2m.app.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static com.m2m.app.support.SupportTestClient.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user built by all three sources with conflicting values — partner_api at link creation, the partner's answer
 * to the data request (loses on firstName, wins on dob and the rest), the widget (loses on lastName and dob, wins
 * on the payment method) — then support explains every field from the event store and rebuilds the user as it was
 * at three instants, each equal to what the partner's own view said at that moment.
 */
@SupportPlatformTest
class SupportHistoryJourneyTest extends WebhookPartnerTest {

    @Autowired
    TestClock clock;

    SupportTestClient client;

    // data requests need somewhere to go: the loopback receiver of WebhookPartnerTest
    SupportHistoryJourneyTest() {
        super("sup");
    }

    @BeforeEach
    void setUp() {
        client = new SupportTestClient(api, key);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void historyNamesEveryWinnerAndEveryIgnoredAttemptAndAsOfRebuildsThePast() {
        Instant beforeUser = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        // 1. partner_api: the link brings first and last name
        SupportTestClient.IssuedLink link = client.link("""
                {"referenceId":"three-sources","userData":{"name":{"firstName":"Juan","lastName":"Garcia"}}}""");
        String userId = link.userId();
        Instant afterPartnerApi = clock.instant();
        JsonNode partnerViewA = client.ok(api.get("/partner/users/three-sources").key(key));
        clock.advance(Duration.ofMinutes(1));

        // 2. partner_webhook: the data request's answer loses on firstName, brings the rest
        JsonNode requests = client.ok(api.get("/partner/data-requests?status=pending").key(key));
        String dataRequestId = requests.get("items").get(0).get("dataRequestId").asText();
        JsonNode answer = client.ok(api.put("/partner/data-requests/" + dataRequestId, """
                {"referenceId":"three-sources","userData":{"name":{"firstName":"Juanito","secondName":"Carlos",
                 "secondLastName":""},"idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"1990-05-15"}}""")
                .key(key));
        assertThat(answer.get("status").asText()).isEqualTo("fulfilled");
        Instant afterAnswer = clock.instant();
        JsonNode partnerViewB = client.ok(api.get("/partner/users/three-sources").key(key));
        clock.advance(Duration.ofMinutes(1));

        // 3. widget: loses on lastName (partner_api) and dob (partner_webhook), adds the payment method
        String session = client.session(link);
        JsonNode details = client.ok(api.post("/widget/api/details", """
                {"userData":{"name":{"lastName":"Lopez"},"dob":"1991-01-01","paymentMethod":{"type":"bank_account",
                 "bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""").bearer(session));
        assertThat(details.get("ignoredFields")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("name.lastName", "dob");
        Instant afterWidget = clock.instant();
        JsonNode partnerViewC = client.ok(api.get("/partner/users/three-sources").key(key));

        // ------------------------------------------------ the history, from the event store
        JsonNode history = client.history(userId, SupportPlatformTest.SUPPORT);
        // Support also sees each link's own lifecycle, read from the link's stream.
        JsonNode linkEvents = history.at("/links/0/events");
        assertThat(history.at("/links/0/linkId").asText()).startsWith("link_");
        assertThat(linkEvents.findValuesAsText("type")).startsWith("link.created", "link.opened");
        assertThat(linkEvents.get(0).get("status").asText()).isEqualTo("created");
        assertThat(history.get("userId").asText()).isEqualTo(userId);
        assertThat(history.get("partnerId").asText()).isEqualTo(partnerId);
        assertThat(history.get("environment").asText()).isEqualTo("sandbox");
        assertThat(history.get("referenceId").asText()).isEqualTo("three-sources");
        List<Long> sequences = new ArrayList<>();
        history.get("events").forEach(event -> sequences.add(event.get("sequence").asLong()));
        assertThat(sequences).isSorted().doesNotHaveDuplicates().startsWith(0L);
        assertThat(history.get("events").get(0).get("type").asText()).isEqualTo("user.created");

        assertAttempt(entry(history, "field.merged", "name.firstName", "partner_api"),
                "applied", "new field", "J***");
        assertAttempt(entry(history, "field.ignored", "name.firstName", "partner_webhook"),
                "ignored", "partner_api holds this field", "J***");
        assertAttempt(entry(history, "field.merged", "dob", "partner_webhook"), "applied", "new field", "****-**-15");
        assertAttempt(entry(history, "field.merged", "idNumber", "partner_webhook"), "applied", "new field",
                "****RL09");
        assertAttempt(entry(history, "field.ignored", "name.lastName", "widget"),
                "ignored", "partner_api holds this field", "L***");
        assertAttempt(entry(history, "field.ignored", "dob", "widget"),
                "ignored", "partner_webhook holds this field", "****-**-01");
        assertAttempt(entry(history, "field.merged", "paymentMethod", "widget"), "applied", "new field",
                "\u2022\u2022\u2022\u2022 5558");
        assertThat(entry(history, "field.ignored", "dob", "widget").get("heldBy").asText())
                .isEqualTo("partner_webhook");
        JsonNode opened = entry(history, "data_request.opened", null, null);
        assertThat(opened.get("dataRequestId").asText()).isEqualTo(dataRequestId);
        assertThat(opened.get("linkId").asText()).isEqualTo(link.linkId());
        JsonNode fulfilled = entry(history, "data_request.fulfilled", null, null);
        assertThat(fulfilled.get("source").asText()).isEqualTo("partner_webhook");
        assertThat(entry(history, "link.assigned", null, null).get("linkId").asText()).isEqualTo(link.linkId());
        assertThat(history.toString()).as("masked for a token without PII")
                .doesNotContain("Juan").doesNotContain("Garcia").doesNotContain("GAPA900515HDFRRL09")
                .doesNotContain("1990-05-15").doesNotContain("014027000005555558");
        assertThat(attempts(history)).as("every write attempt, in order")
                .containsExactly(
                        "partner_api name.firstName applied", "partner_api name.lastName applied",
                        "partner_webhook name.firstName ignored", "partner_webhook name.secondName applied",
                        "partner_webhook name.secondLastName applied", "partner_webhook idNumber applied",
                        "partner_webhook idType applied", "partner_webhook dob applied",
                        "widget name.lastName ignored", "widget dob ignored", "widget paymentMethod applied");

        // ------------------------------------------------ the user at three instants
        assertThat(api.get("/support/users/" + userId + "/state?asOf=" + beforeUser)
                .bearer(SupportPlatformTest.SUPPORT).send().status()).as("before the user existed").isEqualTo(404);

        JsonNode a = client.state(userId, afterPartnerApi, SupportPlatformTest.SUPPORT);
        assertSameAsPartnerView(a, partnerViewA);
        assertThat(a.get("fields").get("name.firstName").get("value").asText()).isEqualTo("J***");
        assertThat(a.get("fields").has("dob")).isFalse();
        assertThat(a.get("activeLinkId").asText()).isEqualTo(link.linkId());
        assertThat(a.get("dataRequests").get(0).get("status").asText()).isEqualTo("pending");
        assertThat(a.get("dataRequests").get(0).get("dataRequestId").asText()).isEqualTo(dataRequestId);

        JsonNode b = client.state(userId, afterAnswer, SupportPlatformTest.SUPPORT);
        assertSameAsPartnerView(b, partnerViewB);
        assertThat(b.get("status").asText()).isEqualTo("data_complete");
        assertThat(b.get("fields").get("dob").get("source").asText()).isEqualTo("partner_webhook");
        assertThat(b.get("fields").get("name.firstName").get("source").asText()).isEqualTo("partner_api");
        assertThat(b.get("fields").has("paymentMethod")).isFalse();
        assertThat(b.get("dataRequests").get(0).get("status").asText()).isEqualTo("fulfilled");

        JsonNode c = client.state(userId, afterWidget, SupportPlatformTest.SUPPORT);
        assertSameAsPartnerView(c, partnerViewC);
        assertThat(c.get("fields").get("paymentMethod").get("source").asText()).isEqualTo("widget");
        assertThat(c.get("fields").get("name.lastName").get("source").asText()).isEqualTo("partner_api");
        assertThat(c.get("fields").get("dob").get("value").asText()).isEqualTo("****-**-15");

        // ------------------------------------------------ the PII role unmasks, and the read is audited
        JsonNode unmasked = client.state(userId, afterWidget, SupportPlatformTest.SUPPORT_PII);
        assertThat(unmasked.get("fields").get("name.firstName").get("value").asText()).isEqualTo("Juan");
        assertThat(unmasked.get("fields").get("dob").get("value").asText()).isEqualTo("1990-05-15");
        JsonNode unmaskedHistory = client.history(userId, SupportPlatformTest.SUPPORT_PII);
        assertThat(entry(unmaskedHistory, "field.ignored", "name.firstName", "partner_webhook").get("value").asText())
                .isEqualTo("Juanito");
        JsonNode audit = client.ok(api.get("/admin/audit?actor=pia&action=pii.read").bearer(SupportPlatformTest.OPERATOR));
        // Other tests of the shared context read PII as pia too: count this user's reads.
        assertThat(audit.findValuesAsText("target").stream().filter(userId::equals)).hasSize(2);
        JsonNode masked = client.ok(api.get("/admin/audit?actor=sue&action=pii.read").bearer(SupportPlatformTest.OPERATOR));
        assertThat(masked.get("items")).as("masked reads are no PII reads").isEmpty();

        // ------------------------------------------------ finding the user
        JsonNode found = client.ok(api.get("/support/users?partnerId=" + partnerId + "&environment=sandbox"
                + "&referenceId=three-sources").bearer(SupportPlatformTest.SUPPORT));
        assertThat(found.at("/pagination/total").asLong()).isEqualTo(1);
        JsonNode item = found.get("items").get(0);
        assertThat(item.get("userId").asText()).isEqualTo(userId);
        assertThat(item.get("status").asText()).isEqualTo(partnerViewC.get("status").asText());
        assertThat(item.get("createdAt").asText()).isEqualTo(partnerViewC.get("createdAt").asText());
        assertThat(item.has("updatedAt")).isTrue();
    }

    /** The rebuilt state says what the partner's projection said then: status, missing fields, sources, times. */
    private static void assertSameAsPartnerView(JsonNode state, JsonNode partnerView) {
        assertThat(state.get("status").asText()).isEqualTo(partnerView.get("status").asText());
        assertThat(state.get("missingFields")).isEqualTo(partnerView.get("missingFields"));
        List<String> stateFields = new ArrayList<>();
        state.get("fields").fieldNames().forEachRemaining(stateFields::add);
        List<String> viewFields = new ArrayList<>();
        partnerView.get("fields").fieldNames().forEachRemaining(viewFields::add);
        assertThat(stateFields).isEqualTo(viewFields);
        for (Iterator<String> names = partnerView.get("fields").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertThat(state.get("fields").get(name).get("source")).as(name)
                    .isEqualTo(partnerView.get("fields").get(name).get("source"));
            assertThat(state.get("fields").get(name).get("updatedAt")).as(name)
                    .isEqualTo(partnerView.get("fields").get(name).get("updatedAt"));
        }
    }

    private static void assertAttempt(JsonNode event, String outcome, String reason, String value) {
        assertThat(event.get("outcome").asText()).as(event.toString()).isEqualTo(outcome);
        assertThat(event.get("reason").asText()).as(event.toString()).isEqualTo(reason);
        assertThat(event.get("value").asText()).as(event.toString()).isEqualTo(value);
        assertThat(event.has("at")).isTrue();
    }

    private static List<String> attempts(JsonNode history) {
        List<String> attempts = new ArrayList<>();
        history.get("events").forEach(event -> {
            if (event.has("outcome")) {
                attempts.add(event.get("source").asText() + " " + event.get("field").asText() + " "
                        + event.get("outcome").asText());
            }
        });
        return attempts;
    }
}

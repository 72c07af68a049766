package com.m2m.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.app.WebhookPartnerTest;
import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import com.m2m.domain.common.Identifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.m2m.app.support.SupportTestClient.WAIT;
import static com.m2m.app.support.SupportTestClient.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed verification reviewed by support, end to end: sandbox dob 1900-01-01 fails, the user cannot quote; a
 * rejection keeps the block; an approval lets the user quote and send and tells the partner
 * ({@code user.cip_verified} with {@code reviewed: true}); both reviews in the history and in the audit with the
 * actor. Also the partner-initiated verification.
 */
@SupportPlatformTest
class CipReviewJourneyTest extends WebhookPartnerTest {

    static final String FAILING_USER = """
            {"referenceId":"%s","userData":{"name":{"firstName":"Ana","secondName":"","lastName":"Ruiz",
             "secondLastName":""},"idType":"CURP","idNumber":"GAPA900515HDFRRL09","dob":"%s",
             "paymentMethod":{"type":"bank_account","bankAccount":{"country":"MX","accountNumber":"014027000005555558"}}}}""";

    SupportTestClient client;

    CipReviewJourneyTest() {
        super("cip");
    }

    @BeforeEach
    void setUp() {
        client = new SupportTestClient(api, key);
    }

    @Test
    void aFailedVerificationIsRejectedThenApprovedAndTheUserCanSend() {
        SupportTestClient.IssuedLink link = client.link(FAILING_USER.formatted("review-1", "1900-01-01"));
        String session = client.session(link);
        assertThat(client.ok(api.post("/widget/api/verification", "{\"consent\":true}").bearer(session))
                .get("status").asText()).isEqualTo("cip_pending");
        client.awaitUserStatus("review-1", "cip_failed");
        assertThat(quote(session).status()).isEqualTo(409);

        // bad reviews: nothing recorded
        assertThat(review(link.userId(), "approve", null, SupportPlatformTest.SUPPORT).errorField()).isEqualTo("reason");
        assertThat(review(link.userId(), "approve", "{}", SupportPlatformTest.SUPPORT).errorField()).isEqualTo("reason");
        assertThat(review(link.userId(), "approve", "{\"reason\":\"\"}", SupportPlatformTest.SUPPORT).errorField())
                .isEqualTo("reason");
        assertThat(review(link.userId(), "approve", "{\"reason\":\"" + "x".repeat(501) + "\"}",
                SupportPlatformTest.SUPPORT).errorField()).isEqualTo("reason");
        assertThat(review(link.userId(), "approve", "{\"reason\":42}", SupportPlatformTest.SUPPORT).errorField())
                .isEqualTo("reason");
        assertThat(review("user_" + partnerId + "_00000000000000000000", "approve", "{\"reason\":\"ok\"}",
                SupportPlatformTest.SUPPORT).status()).isEqualTo(404);
        assertThat(review(link.linkId(), "approve", "{\"reason\":\"ok\"}", SupportPlatformTest.SUPPORT).status())
                .as("another aggregate's id").isEqualTo(404);
        assertThat(client.history(link.userId(), SupportPlatformTest.SUPPORT).toString()).doesNotContain("cip.reviewed");

        // reject: the block stays
        Review rejected = review(link.userId(), "reject", "{\"reason\":\"Document photo unreadable\"}",
                SupportPlatformTest.SUPPORT);
        assertThat(rejected.status()).as(rejected.response().toString()).isEqualTo(200);
        assertThat(rejected.response().data().get("status").asText()).isEqualTo("cip_failed");
        assertThat(rejected.response().data().get("reviewedBy").asText()).isEqualTo("sue");
        assertThat(quote(session).status()).isEqualTo(409);
        assertThat(client.ok(api.get("/partner/users/review-1").key(key)).get("status").asText())
                .isEqualTo("cip_failed");

        // approve: verified, the partner hears it, the user can quote and send
        Review approved = review(link.userId(), "approve", "{\"reason\":\"Identity confirmed by video call\"}",
                SupportPlatformTest.SUPPORT);
        assertThat(approved.status()).as(approved.response().toString()).isEqualTo(200);
        assertThat(approved.response().data().get("status").asText()).isEqualTo("cip_verified");
        assertThat(client.ok(api.get("/partner/users/review-1").key(key)).get("status").asText())
                .isEqualTo("cip_verified");
        JsonNode webhook = receiver.await("/hooks", r -> r.event().equals("user.cip_verified")
                && r.json().at("/data/referenceId").asText().equals("review-1"), 1, WAIT).get(0).json();
        assertThat(webhook.at("/data/reviewed").asBoolean()).isTrue();
        assertThat(webhook.at("/data/status").asText()).isEqualTo("cip_verified");
        assertThat(webhook.toString()).doesNotContain("video call").doesNotContain("sue");

        ApiClient.Response quote = quote(session);
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        ApiClient.Response operation = api.post("/widget/api/operations",
                "{\"quoteId\":\"" + quote.data().get("quoteId").asText() + "\"}").bearer(session).send();
        assertThat(operation.status()).as(operation.toString()).isEqualTo(201);

        // a second approval: nothing to review any more
        Review again = review(link.userId(), "approve", "{\"reason\":\"again\"}", SupportPlatformTest.SUPPORT);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.response().errorCode()).isEqualTo("INVALID_STATE");

        // both reviews in the history, after the failure, with actor and reason
        JsonNode history = client.history(link.userId(), SupportPlatformTest.SUPPORT);
        assertThat(entry(history, "cip.failed", null, null).get("reason").asText()).isEqualTo("identity_mismatch");
        List<String> reviews = new ArrayList<>();
        history.get("events").forEach(event -> {
            if (event.get("type").asText().equals("cip.reviewed")) {
                reviews.add(event.get("decision").asText() + " by " + event.get("actor").asText() + ": "
                        + event.get("reason").asText());
            }
        });
        assertThat(reviews).containsExactly("rejected by sue: Document photo unreadable",
                "approved by sue: Identity confirmed by video call");
        assertThat(entry(history, "user.status_changed", null, null)).isNotNull();

        // and in the audit trail
        JsonNode audit = client.ok(api.get("/admin/audit?actor=sue").bearer(SupportPlatformTest.OPERATOR));
        List<String> actions = new ArrayList<>();
        audit.get("items").forEach(item -> {
            if (item.get("target").asText().equals(link.userId())) {
                actions.add(item.get("action").asText());
            }
        });
        assertThat(actions).as("newest first").containsExactly("cip.approved", "cip.rejected");
        assertThat(client.ok(api.get("/admin/audit?action=cip.approved&actor=sue").bearer(SupportPlatformTest.OPERATOR))
                .get("items").get(0).get("target").asText()).isEqualTo(link.userId());
    }

    @Test
    void operatorActionsAreAuditedWithTheTokensName() {
        String other = Partners.uniqueId("aud");
        client.ok(api.post("/admin/partners", "{\"partnerId\":\"" + other + "\",\"name\":\"Audited\"}")
                .bearer(SupportPlatformTest.OPERATOR));
        String prefix = client.ok(api.post("/admin/partners/" + other + "/keys", "{\"environment\":\"live\"}")
                .bearer(SupportPlatformTest.OPERATOR)).get("prefix").asText();
        client.ok(api.put("/admin/partners/" + other + "/settings/live", "{\"defaultExpiresInMinutes\":30}")
                .bearer(SupportPlatformTest.OPERATOR));
        client.ok(api.post("/admin/partners/" + other + "/keys/" + prefix + "/revoke", null)
                .bearer(SupportPlatformTest.OPERATOR));
        client.ok(api.post("/admin/partners/" + other + "/suspend", null).bearer(SupportPlatformTest.OPERATOR));
        client.ok(api.post("/admin/partners/" + other + "/reactivate", null).bearer(SupportPlatformTest.OPERATOR));
        client.ok(api.post("/admin/projections/user-view/rebuild", null).bearer(SupportPlatformTest.OPERATOR));

        JsonNode audit = client.ok(api.get("/admin/audit?actor=olga&limit=100").bearer(SupportPlatformTest.OPERATOR));
        List<String> mine = new ArrayList<>();
        audit.get("items").forEach(item -> {
            // (other tests of the shared context rebuild other projections as olga too)
            if (item.get("target").asText().startsWith(other) || item.get("target").asText().equals("user-view")) {
                mine.add(item.get("action").asText() + " " + item.get("target").asText());
            }
        });
        // creating a partner records its initial settings too (one row per event of the operator's command)
        assertThat(mine).containsExactlyInAnyOrder(
                "partner.created " + other, "partner.settings_changed " + other + "/sandbox",
                "partner.settings_changed " + other + "/live", "api_key.issued " + other + "/" + prefix,
                "partner.settings_changed " + other + "/live", "api_key.revoked " + other + "/" + prefix,
                "partner.suspended " + other, "partner.reactivated " + other, "projection.rebuilt user-view");

        // the older token form is audited under staff_ + 8 hex of its SHA-256 (the partner of setUp)
        String legacy = "staff_" + Identifiers.sha256Hex(PlatformTest.OPERATOR_TOKEN).substring(0, 8);
        JsonNode legacyAudit = client.ok(api.get("/admin/audit?actor=" + legacy + "&action=partner.created&limit=100")
                .bearer(SupportPlatformTest.OPERATOR));
        List<String> targets = new ArrayList<>();
        legacyAudit.get("items").forEach(item -> targets.add(item.get("target").asText()));
        assertThat(targets).contains(partnerId);

        // the audit is event-sourced: rebuilding it gives the same rows
        client.ok(api.post("/admin/projections/staff-audit/rebuild", null).bearer(SupportPlatformTest.OPERATOR));
        JsonNode after = client.ok(api.get("/admin/audit?actor=olga&limit=100").bearer(SupportPlatformTest.OPERATOR));
        JsonNode afterItems = after.get("items");
        assertThat(afterItems.size()).isEqualTo(audit.get("items").size() + 1);
        assertThat(afterItems.get(0).get("action").asText()).isEqualTo("projection.rebuilt");
        for (int i = 0; i < audit.get("items").size(); i++) {
            assertThat(afterItems.get(i + 1)).isEqualTo(audit.get("items").get(i));
        }

        // filters: bad time bounds name the field
        ApiClient.Response bad = api.get("/admin/audit?from=yesterday").bearer(SupportPlatformTest.OPERATOR).send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/error/field").asText()).isEqualTo("from");
    }

    @Test
    void thePartnerCanStartVerificationOnceTheDataIsComplete() {
        client.link("{\"referenceId\":\"partial-1\",\"userData\":{\"name\":{\"firstName\":\"Ana\"}}}");
        ApiClient.Response incomplete = api.post("/partner/users/partial-1/verification", null).key(key).send();
        assertThat(incomplete.status()).isEqualTo(409);
        assertThat(incomplete.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(api.post("/partner/users/nobody/verification", null).key(key).send().status()).isEqualTo(404);
        assertThat(api.post("/partner/users/bad%20id/verification", null).key(key).send().status()).isEqualTo(400);

        client.link(FAILING_USER.formatted("complete-1", "1990-05-15"));
        ApiClient.Response started = api.post("/partner/users/complete-1/verification", null).key(key).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.data().get("status").asText()).isEqualTo("cip_pending");
        client.awaitUserStatus("complete-1", "cip_verified");
        JsonNode webhook = receiver.await("/hooks", r -> r.event().equals("user.cip_verified")
                && r.json().at("/data/referenceId").asText().equals("complete-1"), 1, WAIT).get(0).json();
        assertThat(webhook.at("/data/reviewed").isMissingNode()).as("a provider's decision, not a review").isTrue();
        assertThat(api.post("/partner/users/complete-1/verification", null).key(key).send().data().get("status")
                .asText()).as("nothing starts twice").isEqualTo("cip_verified");

        client.link(FAILING_USER.formatted("fails-1", "1900-01-01"));
        assertThat(api.post("/partner/users/fails-1/verification", null).key(key).send().status()).isEqualTo(202);
        client.awaitUserStatus("fails-1", "cip_failed");
        receiver.await("/hooks", r -> r.event().equals("user.cip_failed")
                && r.json().at("/data/referenceId").asText().equals("fails-1"), 1, WAIT);
        assertThat(api.post("/partner/users/fails-1/verification", null).key(key).send().errorCode())
                .as("only support's review clears a failure").isEqualTo("INVALID_STATE");
    }

    record Review(ApiClient.Response response) {
        int status() {
            return response.status();
        }

        String errorField() {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            return response.body().at("/error/field").asText();
        }
    }

    Review review(String userId, String decision, String body, String token) {
        return new Review(api.post("/support/users/" + userId + "/cip/" + decision, body).bearer(token).send());
    }

    ApiClient.Response quote(String session) {
        return api.post("/widget/api/quotes", "{\"send\":100.00,\"destinationCurrency\":\"MXN\"}").bearer(session)
                .send();
    }
}

package com.m2m.app;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route that loads an aggregate by an id the client sent answers an id of the wrong shape, of another
 * aggregate type or of another partner with 404 {@code RESOURCE_NOT_FOUND}, exactly like a missing id, and logs no
 * stack trace. User ids are derivable from a referenceId, so a 500 here told anyone whether a partner has a user.
 */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.cip.sandbox-delay=300ms", "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=300ms", "m2m.widget.session-minutes=600"})
@ExtendWith(OutputCaptureExtension.class)
class ClientIdsTest {

    @LocalServerPort
    int port;

    private ApiClient api;
    private String partnerId;
    private String key;
    private String otherKey;
    private String linkId;
    private String token;
    private String userId;
    private String otherLinkId;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        Partners partners = new Partners(api);
        partnerId = Partners.uniqueId("ids");
        key = partners.sandboxPartner(partnerId);
        otherKey = partners.sandboxPartner(Partners.uniqueId("idsother"));
        ApiClient.Response link = api.post("/partner/links", "{\"referenceId\":\"ids-1\"}").key(key).send();
        linkId = link.data().get("linkId").asText();
        token = link.data().get("token").asText();
        userId = Identifiers.userId(partnerId, Environment.SANDBOX, "ids-1");
        assertThat(link.data().get("userId").asText()).isEqualTo(userId);
        otherLinkId = api.post("/partner/links", "{\"referenceId\":\"ids-1\"}").key(otherKey).send().data()
                .get("linkId").asText();
    }

    @Test
    void revokeAndSandboxExpireAnswerNotFoundForEveryIdThatIsNotThisPartnersLink(CapturedOutput output) {
        String missing = "link_" + partnerId + "_000000000000";
        ApiClient.Response reference = api.post("/partner/links/" + missing + "/revoke", "{}").key(key).send();
        assertNotFound(reference, "Link not found");
        for (String id : new String[]{userId, "beta", otherLinkId, "link_" + partnerId + "_XYZ", partnerId,
                "dr_" + partnerId + "_000000000000"}) {
            assertSameAs(reference, api.post("/partner/links/" + id + "/revoke", "{}").key(key).send());
            assertSameAs(reference, api.post("/partner/sandbox/links/" + id + "/expire", null).key(key).send());
        }
        assertThat(api.post("/partner/sandbox/links/" + missing + "/expire", null).key(key).send().status())
                .isEqualTo(404);
        // The other partner's link is untouched, and the right partner still revokes its own.
        assertThat(api.get("/partner/links/" + otherLinkId).key(otherKey).send().data().get("status").asText())
                .isEqualTo("created");
        assertThat(api.post("/partner/links/" + linkId + "/revoke", "{}").key(key).send().status()).isEqualTo(200);
        assertNoStackTrace(output);
    }

    @Test
    void aWidgetSessionForAnIdThatIsNoLinkAnswersLikeAWrongToken(CapturedOutput output) {
        ApiClient.Response wrongToken = session(linkId, "00000000-0000-4000-8000-000000000000");
        assertNotFound(wrongToken, "Link not found");
        for (String id : new String[]{userId, "beta", partnerId, "op_" + partnerId + "_000000000000", "link_x"}) {
            assertSameAs(wrongToken, session(id, token));
        }
        assertThat(session(linkId, token).status()).isEqualTo(201);
        assertNoStackTrace(output);
    }

    @Test
    void cancellingAnIdThatIsNoOperationOfTheSessionsPartnerIsNotFound(CapturedOutput output) {
        String session = session(linkId, token).data().get("sessionToken").asText();
        ApiClient.Response missing = api.post("/widget/api/operations/op_" + partnerId + "_000000000000/cancel", null)
                .bearer(session).send();
        assertNotFound(missing, "Operation not found");
        for (String id : new String[]{userId, linkId, otherLinkId, "op_other_000000000000", "beta"}) {
            assertSameAs(missing, api.post("/widget/api/operations/" + id + "/cancel", null).bearer(session).send());
        }
        assertNoStackTrace(output);
    }

    @Test
    void dataRequestsAndOperatorRoutesAnswerNotFoundForIdsOfAnotherType(CapturedOutput output) {
        String answer = "{\"referenceId\":\"ids-1\",\"userData\":{\"dob\":\"1990-05-15\"}}";
        ApiClient.Response missing = api.put("/partner/data-requests/dr_" + partnerId + "_000000000000", answer)
                .key(key).send();
        assertNotFound(missing, "Data request not found");
        for (String id : new String[]{userId, linkId, "dr_other_000000000000", "beta"}) {
            assertSameAs(missing, api.put("/partner/data-requests/" + id, answer).key(key).send());
        }
        for (Supplier<ApiClient.Response> call : java.util.List.<Supplier<ApiClient.Response>>of(
                () -> api.post("/admin/partners/" + userId + "/suspend", null).bearer(PlatformTest.OPERATOR_TOKEN).send(),
                () -> api.post("/admin/partners/" + linkId + "/reactivate", null).bearer(PlatformTest.OPERATOR_TOKEN).send(),
                () -> api.post("/admin/partners/" + userId + "/keys", "{\"environment\":\"sandbox\"}")
                        .bearer(PlatformTest.OPERATOR_TOKEN).send(),
                () -> api.put("/admin/partners/" + linkId + "/settings/sandbox", "{\"defaultExpiresInMinutes\":30}")
                        .bearer(PlatformTest.OPERATOR_TOKEN).send())) {
            assertNotFound(call.get(), "Partner not found");
        }
        assertNoStackTrace(output);
    }

    private ApiClient.Response session(String id, String linkToken) {
        return api.post("/widget/api/sessions", "{\"linkId\":\"" + id + "\",\"token\":\"" + linkToken + "\"}").send();
    }

    private static void assertNotFound(ApiClient.Response response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(response.body().at("/error/message").asText()).isEqualTo(message);
    }

    /** The same status, code and message as the reference answer: nothing tells the two apart. */
    private static void assertSameAs(ApiClient.Response reference, ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(reference.status());
        assertThat(response.body().at("/error/code")).isEqualTo(reference.body().at("/error/code"));
        assertThat(response.body().at("/error/message")).isEqualTo(reference.body().at("/error/message"));
    }

    /** Nothing about these requests in the log: no exception, no stack frame (other tests' webhook retries aside). */
    private static void assertNoStackTrace(CapturedOutput output) {
        assertThat(output.getAll().lines().filter(line -> !line.contains("Webhook delivery")))
                .noneMatch(line -> line.contains("Exception") || line.trim().startsWith("at com.")
                        || line.trim().startsWith("at org."));
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A widget session whose link reached a final state (revoked, expired) reads only that state — no masked
 * prefill, no user — and every action is refused with the contract's code (409 revoked, 410 expired).
 */
@WebhookPlatformTest
@TestPropertySource(properties = {"m2m.cip.sandbox-delay=300ms", "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=300ms", "m2m.widget.session-minutes=600"})
class FinalStateSessionTest extends SandboxPartnerTest {

    FinalStateSessionTest() {
        super("final");
    }

    private String[] linkWithSession(String referenceId) {
        ApiClient.Response link = api.post("/partner/links", "{\"referenceId\":\"" + referenceId
                + "\",\"userData\":{\"name\":{\"firstName\":\"Juan\",\"lastName\":\"Perez\"}}}").key(key).send();
        String linkId = link.data().get("linkId").asText();
        ApiClient.Response session = api.post("/widget/api/sessions", "{\"linkId\":\"" + linkId + "\",\"token\":\""
                + link.data().get("token").asText() + "\"}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        String token = session.data().get("sessionToken").asText();
        JsonNode before = api.get("/widget/api/state").bearer(token).send().data();
        assertThat(before.at("/user/prefilled/name.firstName").asText()).isEqualTo("J***");
        return new String[]{linkId, token};
    }

    @Test
    void aRevokedLinksSessionReadsOnlyTheRevocation() {
        String[] link = linkWithSession("f-1");
        assertThat(api.post("/partner/links/" + link[0] + "/revoke", "{}").key(key).send().status()).isEqualTo(200);

        ApiClient.Response state = api.get("/widget/api/state").bearer(link[1]).send();
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.data().at("/link/status").asText()).isEqualTo("revoked");
        assertThat(state.data().get("user").isNull()).isTrue();
        assertThat(state.data().get("nextStep").asText()).isEqualTo("done");
        assertThat(state.raw().body()).doesNotContain("J***").doesNotContain("P***").doesNotContain("prefilled");

        for (ApiClient.Response refused : new ApiClient.Response[]{
                api.post("/widget/api/details", "{\"userData\":{\"dob\":\"1990-05-15\"}}").bearer(link[1]).send(),
                api.post("/widget/api/verification", "{\"consent\":true}").bearer(link[1]).send(),
                api.post("/widget/api/quotes", "{\"send\":100,\"destinationCurrency\":\"MXN\"}").bearer(link[1]).send()}) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
        }
    }

    @Test
    void anExpiredLinksSessionReadsOnlyTheExpiry() {
        String[] link = linkWithSession("f-2");
        assertThat(api.post("/partner/sandbox/links/" + link[0] + "/expire", null).key(key).send().status())
                .isEqualTo(200);

        ApiClient.Response state = api.get("/widget/api/state").bearer(link[1]).send();
        assertThat(state.data().at("/link/status").asText()).isEqualTo("expired");
        assertThat(state.data().get("user").isNull()).isTrue();
        assertThat(state.raw().body()).doesNotContain("J***");
        ApiClient.Response details = api.post("/widget/api/details", "{\"userData\":{\"dob\":\"1990-05-15\"}}")
                .bearer(link[1]).send();
        assertThat(details.status()).isEqualTo(410);
        assertThat(details.errorCode()).isEqualTo("LINK_EXPIRED");
    }
}

package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys, staff tokens, suspension, and the separation between partner and staff credentials. */
@PlatformTest
class AuthenticationTest extends SandboxPartnerTest {

    AuthenticationTest() {
        super("auth");
    }

    @Test
    void missingKeyIsUnauthorized() {
        ApiClient.Response response = api.get("/partner/links").send();
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(response.body().at("/error/message").asText())
                .isEqualTo("Missing authentication. Provide X-API-Key or Bearer token.");
        assertThat(response.body().get("success").asBoolean()).isFalse();
    }

    @Test
    void unknownOrMalformedKeysAreInvalid() {
        for (String bad : new String[]{"m2m_test_" + "A".repeat(32), "m2m_test_short", "garbage",
                key.replace("m2m_test_", "m2m_live_")}) {
            ApiClient.Response response = api.get("/partner/profile").key(bad).send();
            assertThat(response.status()).as(bad).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("INVALID_API_KEY");
            assertThat(response.body().at("/error/message").asText()).isEqualTo("Invalid or revoked API key");
        }
    }

    @Test
    void bearerKeysWorkAndUseIsRecorded() {
        ApiClient.Response profile = api.get("/partner/profile").bearer(key).send();
        assertThat(profile.status()).isEqualTo(200);
        JsonNode data = profile.data();
        assertThat(data.get("partnerId").asText()).isEqualTo(partnerId);
        assertThat(data.get("status").asText()).isEqualTo("active");
        assertThat(data.get("environment").asText()).isEqualTo("sandbox");
        assertThat(data.at("/settings/defaultExpiresInMinutes").asInt()).isEqualTo(60);

        JsonNode keys = api.get("/admin/partners/" + partnerId + "/keys").bearer(PlatformTest.OPERATOR_TOKEN).send().data();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("prefix").asText()).isEqualTo(key.substring(0, 12));
        assertThat(keys.get(0).get("lastUsedAt").isNull()).isFalse();
        assertThat(keys.toString()).doesNotContain(key);
    }

    @Test
    void aRevokedKeyStopsAtOnce() {
        assertThat(api.get("/partner/profile").key(key).send().status()).isEqualTo(200);
        ApiClient.Response revoked = api.post("/admin/partners/" + partnerId + "/keys/" + key.substring(0, 12) + "/revoke",
                null).bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(revoked.status()).isEqualTo(200);

        ApiClient.Response refused = api.get("/partner/profile").key(key).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("INVALID_API_KEY");
        assertThat(api.get("/admin/partners/" + partnerId + "/keys").bearer(PlatformTest.OPERATOR_TOKEN).send()
                .data().get(0).get("revokedAt").isNull()).isFalse();
    }

    @Test
    void aSuspendedPartnerIsForbiddenUntilReactivated() {
        api.post("/admin/partners/" + partnerId + "/suspend", null).bearer(PlatformTest.OPERATOR_TOKEN).send();
        ApiClient.Response suspended = api.get("/partner/links").key(key).send();
        assertThat(suspended.status()).isEqualTo(403);
        assertThat(suspended.errorCode()).isEqualTo("PARTNER_SUSPENDED");
        assertThat(suspended.body().at("/error/message").asText()).isEqualTo("Partner account is suspended or not found");
        ApiClient.Response again = api.post("/admin/partners/" + partnerId + "/suspend", null)
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(again.status()).isEqualTo(409);

        api.post("/admin/partners/" + partnerId + "/reactivate", null).bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(api.get("/partner/links").key(key).send().status()).isEqualTo(200);
    }

    @Test
    void staffAndPartnerCredentialsDoNotCross() {
        ApiClient.Response staffOnPartner = api.get("/partner/links").bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(staffOnPartner.status()).isEqualTo(401);
        assertThat(staffOnPartner.errorCode()).isEqualTo("INVALID_API_KEY");

        ApiClient.Response partnerOnAdmin = api.get("/admin/partners/" + partnerId + "/keys").bearer(key).send();
        assertThat(partnerOnAdmin.status()).isEqualTo(401);
        ApiClient.Response noToken = api.get("/admin/partners/" + partnerId + "/keys").send();
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errorCode()).isEqualTo("UNAUTHORIZED");

        ApiClient.Response wrongRole = api.post("/admin/partners", "{\"partnerId\":\"x\",\"name\":\"X\"}")
                .bearer(PlatformTest.SUPPORT_TOKEN).send();
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void operatorRequestsAreValidated() {
        ApiClient.Response duplicate = api.post("/admin/partners", "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Again\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(duplicate.status()).isEqualTo(409);
        ApiClient.Response badSlug = api.post("/admin/partners", "{\"partnerId\":\"Acme Remit\",\"name\":\"A\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(badSlug.body().at("/error/field").asText()).isEqualTo("partnerId");
        ApiClient.Response badEnvironment = api.post("/admin/partners/" + partnerId + "/keys", "{\"environment\":\"prod\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(badEnvironment.body().at("/error/field").asText()).isEqualTo("environment");
        ApiClient.Response unknownPartner = api.post("/admin/partners/nobody123/keys", "{\"environment\":\"live\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(unknownPartner.status()).isEqualTo(404);
        ApiClient.Response badSetting = api.put("/admin/partners/" + partnerId + "/settings/sandbox",
                "{\"defaultExpiresInMinutes\":1}").bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(badSetting.body().at("/error/field").asText()).isEqualTo("defaultExpiresInMinutes");

        ApiClient.Response settings = api.put("/admin/partners/" + partnerId + "/settings/live",
                "{\"theme\":\"dark\",\"cipRequiredFields\":[\"name.firstName\"]}").bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.data().get("theme").asText()).isEqualTo("dark");
        assertThat(settings.data().get("defaultExpiresInMinutes").asInt()).as("absent members keep their value").isEqualTo(60);
    }
}

package com.m2m.app.support;

import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every new route with a partner key (never reaches staff routes), a staff token without the route's role (403 in
 * the envelope), the right role (served); and a staff token on the new partner route (refused).
 */
@SupportPlatformTest
class StaffRoutesTest {

    @LocalServerPort
    int port;

    ApiClient api;
    String key;
    String userId;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        key = new Partners(api).sandboxPartner(Partners.uniqueId("roles"));
        ApiClient.Response link = api.post("/partner/links", "{\"referenceId\":\"roles-1\"}").key(key).send();
        assertThat(link.status()).as(link.toString()).isEqualTo(201);
        userId = link.data().get("userId").asText();
    }

    record Route(String method, String path, String body, String rightToken, int rightStatus, List<String> wrong) {
    }

    @Test
    void eachStaffRouteTakesOnlyItsRole() {
        String reason = "{\"reason\":\"checked\"}";
        List<Route> routes = List.of(
                new Route("GET", "/support/users", null, SupportPlatformTest.SUPPORT, 200,
                        List.of(SupportPlatformTest.ANALYST, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/support/users/" + userId + "/history", null, SupportPlatformTest.SUPPORT, 200,
                        List.of(SupportPlatformTest.ANALYST, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/support/users/" + userId + "/state", null, SupportPlatformTest.SUPPORT_PII, 200,
                        List.of(SupportPlatformTest.ANALYST, SupportPlatformTest.OPERATOR)),
                // a pending user: the role is right, the state is not
                new Route("POST", "/support/users/" + userId + "/cip/approve", reason, SupportPlatformTest.SUPPORT,
                        409, List.of(SupportPlatformTest.ANALYST, SupportPlatformTest.OPERATOR)),
                new Route("POST", "/support/users/" + userId + "/cip/reject", reason, SupportPlatformTest.SUPPORT,
                        409, List.of(SupportPlatformTest.ANALYST, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/admin/audit", null, SupportPlatformTest.OPERATOR, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.SUPPORT_PII,
                                SupportPlatformTest.ANALYST)),
                // a well-formed id of nobody: the role is right, there is no such user (nobody is forgotten here)
                new Route("POST", "/admin/users/user_nobody_0123456789abcdef0123/forget", null,
                        SupportPlatformTest.OPERATOR, 404, List.of(SupportPlatformTest.SUPPORT,
                        SupportPlatformTest.SUPPORT_PII, SupportPlatformTest.ANALYST)),
                new Route("POST", "/admin/projections/analytics-user-states/rebuild", null,
                        SupportPlatformTest.OPERATOR, 200, List.of(SupportPlatformTest.SUPPORT,
                        SupportPlatformTest.ANALYST)),
                new Route("GET", "/admin/partners", null, SupportPlatformTest.OPERATOR, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.ANALYST)),
                new Route("GET", "/admin/webhooks/backlog", null, SupportPlatformTest.OPERATOR, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.ANALYST)),
                new Route("GET", "/analytics/funnel", null, SupportPlatformTest.ANALYST, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/analytics/users/states", null, SupportPlatformTest.ANALYST, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/analytics/data-requests", null, SupportPlatformTest.ANALYST, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.OPERATOR)),
                new Route("GET", "/analytics/operations", null, SupportPlatformTest.ANALYST, 200,
                        List.of(SupportPlatformTest.SUPPORT, SupportPlatformTest.OPERATOR)));
        for (Route route : routes) {
            ApiClient.Response anonymous = call(route).send();
            assertThat(anonymous.status()).as("no token " + route.path()).isEqualTo(401);

            ApiClient.Response partnerKey = call(route).key(key).header("Authorization", "Bearer " + key).send();
            assertThat(partnerKey.status()).as("partner key " + route.path()).isEqualTo(401);
            assertThat(partnerKey.errorCode()).isEqualTo("INVALID_API_KEY");

            for (String wrong : route.wrong()) {
                ApiClient.Response forbidden = call(route).bearer(wrong).send();
                assertThat(forbidden.status()).as("wrong role " + route.path()).isEqualTo(403);
                assertThat(forbidden.body().get("success").asBoolean()).isFalse();
                assertThat(forbidden.errorCode()).isEqualTo("FORBIDDEN");
                assertThat(forbidden.body().at("/error/message").asText()).contains("role");
            }

            ApiClient.Response right = call(route).bearer(route.rightToken()).send();
            assertThat(right.status()).as("right role " + route.path() + ": " + right).isEqualTo(route.rightStatus());
        }
    }

    @Test
    void aStaffTokenNeverReachesThePartnerApi() {
        for (String token : List.of(SupportPlatformTest.OPERATOR, SupportPlatformTest.SUPPORT_PII)) {
            ApiClient.Response staff = api.post("/partner/users/roles-1/verification", null).bearer(token).send();
            assertThat(staff.status()).isEqualTo(401);
            assertThat(staff.errorCode()).isEqualTo("INVALID_API_KEY");
        }
        ApiClient.Response partner = api.post("/partner/users/roles-1/verification", null).key(key).send();
        assertThat(partner.status()).as("the partner's own key: served (the user has no data yet)").isEqualTo(409);
        assertThat(partner.errorCode()).isEqualTo("INVALID_STATE");
    }

    @Test
    void anotherPartnersUserIsNotFoundThroughThePartnerApiButSupportFindsEveryPartnersUsers() {
        String otherPartner = Partners.uniqueId("other");
        String otherKey = new Partners(api).sandboxPartner(otherPartner);
        assertThat(api.post("/partner/links", "{\"referenceId\":\"roles-1\"}").key(otherKey).send().status())
                .isEqualTo(201);
        ApiClient.Response both = api.get("/support/users?referenceId=roles-1&limit=100")
                .bearer(SupportPlatformTest.SUPPORT).send();
        assertThat(both.data().get("items").findValuesAsText("partnerId")).contains(otherPartner);
        ApiClient.Response onlyOther = api.get("/support/users?referenceId=roles-1&partnerId=" + otherPartner)
                .bearer(SupportPlatformTest.SUPPORT).send();
        assertThat(onlyOther.data().get("items").findValuesAsText("partnerId")).containsExactly(otherPartner);
        assertThat(onlyOther.data().at("/pagination/total").asLong()).isEqualTo(1);
        assertThat(api.post("/partner/links", "{\"referenceId\":\"roles-first-only\"}").key(key).send().status())
                .isEqualTo(201);
        assertThat(api.post("/partner/users/roles-first-only/verification", null).key(otherKey).send().status())
                .as("another partner's user").isEqualTo(404);
    }

    @Test
    void supportReadsAnswerNotFoundForIdsThatAreNoUsers() {
        String linkId = api.post("/partner/links", "{\"referenceId\":\"roles-2\"}").key(key).send().data()
                .get("linkId").asText();
        for (String id : List.of(linkId, "user_nobody_00000000000000000000", "x")) {
            ApiClient.Response history = api.get("/support/users/" + id + "/history")
                    .bearer(SupportPlatformTest.SUPPORT).send();
            assertThat(history.status()).as(id).isEqualTo(404);
            assertThat(history.errorCode()).isEqualTo("RESOURCE_NOT_FOUND");
        }
        ApiClient.Response badAsOf = api.get("/support/users/" + userId + "/state?asOf=yesterday")
                .bearer(SupportPlatformTest.SUPPORT).send();
        assertThat(badAsOf.status()).isEqualTo(400);
        assertThat(badAsOf.body().at("/error/field").asText()).isEqualTo("asOf");
        ApiClient.Response badPartner = api.get("/support/users?partnerId=Not-A-Slug")
                .bearer(SupportPlatformTest.SUPPORT).send();
        assertThat(badPartner.status()).isEqualTo(400);
        assertThat(badPartner.body().at("/error/field").asText()).isEqualTo("partnerId");
        ApiClient.Response badEnvironment = api.get("/support/users?environment=prod")
                .bearer(SupportPlatformTest.SUPPORT).send();
        assertThat(badEnvironment.status()).isEqualTo(400);
        assertThat(badEnvironment.body().at("/error/field").asText()).isEqualTo("environment");
    }

    private ApiClient.Call call(Route route) {
        return switch (route.method()) {
            case "GET" -> api.get(route.path());
            case "POST" -> api.post(route.path(), route.body());
            default -> throw new IllegalArgumentException(route.method());
        };
    }
}

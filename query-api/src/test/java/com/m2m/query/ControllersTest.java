package com.m2m.query;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.partner.ApiKeyIssuedEvent;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.query.common.MutableClock;
import com.m2m.query.common.TestDatabase;
import com.m2m.query.datarequest.DataRequestProjection;
import com.m2m.query.datarequest.DataRequestQueryController;
import com.m2m.query.link.LinkQueryController;
import com.m2m.query.link.LinkViewProjection;
import com.m2m.query.partner.PartnerDirectoryProjection;
import com.m2m.query.partner.PartnerQueryController;
import com.m2m.query.user.UserQueryController;
import com.m2m.query.user.UserViewProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The controllers' mappings, parameter names and JSON shapes (without the application's envelope and error
 * mapping, which the app module adds). The tenant is always acme/sandbox here.
 */
class ControllersTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");

    private TestDatabase db;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        MutableClock clock = new MutableClock(T0.plusSeconds(10));
        PartnerDirectoryProjection directory = new PartnerDirectoryProjection(db.jdbc());
        LinkViewProjection links = new LinkViewProjection(db.jdbc(), clock, "https://m2m.example");
        UserViewProjection users = new UserViewProjection(db.jdbc(), clock);

        directory.on(new PartnerCreatedEvent("acme", "Acme Remit", T0));
        directory.on(new PartnerSettingsChangedEvent("acme", Environment.SANDBOX, PartnerSettings.DEFAULTS, T0));
        directory.on(new ApiKeyIssuedEvent("acme", Environment.SANDBOX, "m2m_test_ab1", "hash-1", T0));
        for (int i = 1; i <= 3; i++) {
            String linkId = "link_acme_00000000000" + i;
            links.on(new LinkCreatedEvent(linkId, "user_acme_" + i, "acme", Environment.SANDBOX, "ref-" + i, "th",
                    new LinkOptions(Map.of("k", "v"), null, null, null, null), T0.plusSeconds(3600),
                    T0.plusSeconds(i)));
        }
        users.on(new UserCreatedEvent("user_acme_1", "acme", Environment.SANDBOX, "ref-1",
                List.of(UserField.FIRST_NAME, UserField.ID_NUMBER), T0));
        users.on(new FieldMergedEvent("user_acme_1", UserField.FIRST_NAME, FieldSource.PARTNER_API,
                new PersonalData("Juan"), null, T0));
        users.on(new FieldMergedEvent("user_acme_1", UserField.ID_NUMBER, FieldSource.PARTNER_API,
                new PersonalData("GAPA900515HDFRRL09"), null, T0));
        users.on(new ActiveLinkAssignedEvent("user_acme_1", "link_acme_000000000001", T0.plusSeconds(3600), T0));
        DataRequestProjection requests = new DataRequestProjection(db.jdbc(), clock);
        for (int i = 2; i <= 3; i++) {
            DataRequestOpenedEvent opened = new DataRequestOpenedEvent("user_acme_" + i, "dr_acme_00000000000" + i,
                    "link_acme_00000000000" + i, "acme", Environment.SANDBOX, "ref-" + i,
                    List.of(UserField.FIRST_NAME, UserField.DOB), T0.plusSeconds(3600), T0.plusSeconds(i));
            requests.on(opened);
            links.on(opened);
        }
        DataRequestPartiallyFulfilledEvent partial = new DataRequestPartiallyFulfilledEvent("user_acme_3",
                "dr_acme_000000000003", "link_acme_000000000003", List.of(UserField.DOB), T0.plusSeconds(5));
        requests.on(partial);
        links.on(partial);

        mvc = MockMvcBuilders
                .standaloneSetup(new PartnerQueryController(directory), new LinkQueryController(links),
                        new UserQueryController(users), new DataRequestQueryController(requests))
                .setCustomArgumentResolvers(new FixedTenant(new Tenant("acme", Environment.SANDBOX)))
                .build();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void profile() throws Exception {
        mvc.perform(get("/partner/profile"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.partnerId").value("acme"))
                .andExpect(jsonPath("$.name").value("Acme Remit"))
                .andExpect(jsonPath("$.status").value("active"))
                .andExpect(jsonPath("$.environment").value("sandbox"))
                .andExpect(jsonPath("$.settings.defaultExpiresInMinutes").value(60))
                .andExpect(jsonPath("$.settings.allowedPaymentMethods", hasSize(2)))
                .andExpect(jsonPath("$.settings.theme").value("light"))
                .andExpect(jsonPath("$.settings.cipRequiredFields").doesNotExist());
    }

    @Test
    void adminKeys() throws Exception {
        mvc.perform(get("/admin/partners/acme/keys"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].prefix").value("m2m_test_ab1"))
                .andExpect(jsonPath("$[0].environment").value("sandbox"))
                .andExpect(jsonPath("$[0].lastUsedAt").isEmpty())
                .andExpect(jsonPath("$[0].revokedAt").isEmpty());
    }

    @Test
    void linkListBindsEveryParameter() throws Exception {
        mvc.perform(get("/partner/links").param("page", "2").param("limit", "1").param("status", "created")
                        .param("visibility", "active").param("from", "2026-02-10").param("to", "2026-02-10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].linkId").value("link_acme_000000000002"))
                .andExpect(jsonPath("$.items[0].url").value("https://m2m.example/w/link_acme_000000000002/m2m-basic"))
                .andExpect(jsonPath("$.items[0].metadata.k").value("v"))
                .andExpect(jsonPath("$.items[0].openedAt").isEmpty())
                .andExpect(jsonPath("$.items[0].token").doesNotExist())
                .andExpect(jsonPath("$.pagination.page").value(2))
                .andExpect(jsonPath("$.pagination.limit").value(1))
                .andExpect(jsonPath("$.pagination.total").value(3))
                .andExpect(jsonPath("$.pagination.totalPages").value(3));

        mvc.perform(get("/partner/links").param("referenceId", "ref-3"))
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].referenceId").value("ref-3"));
    }

    @Test
    void linkDetailAndActivity() throws Exception {
        mvc.perform(get("/partner/links/link_acme_000000000001"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.linkId").value("link_acme_000000000001"))
                .andExpect(jsonPath("$.status").value("created"))
                .andExpect(jsonPath("$.userStatus").value("pending"));
        mvc.perform(get("/partner/links/link_acme_000000000001/activity"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].type").value("created"))
                .andExpect(jsonPath("$[0].details.flow").value("m2m-basic"))
                .andExpect(jsonPath("$[0].details.expiresAt").value("2026-02-10T15:30:00.000Z"));
    }

    @Test
    void user() throws Exception {
        mvc.perform(get("/partner/users/ref-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value("user_acme_1"))
                .andExpect(jsonPath("$.referenceId").value("ref-1"))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.missingFields", hasSize(2)))
                .andExpect(jsonPath("$.fields['name.firstName'].source").value("partner_api"))
                .andExpect(jsonPath("$.fields['name.firstName'].updatedAt").exists())
                .andExpect(jsonPath("$.fields['name.firstName'].maskedValue").doesNotExist())
                .andExpect(jsonPath("$.fields.idNumber.maskedValue").value("****RL09"))
                .andExpect(jsonPath("$.activeLinkId").value("link_acme_000000000001"))
                .andExpect(jsonPath("$.cipVerifiedAt").isEmpty())
                .andExpect(jsonPath("$.createdAt").exists());
    }

    @Test
    void dataRequestListBindsEveryParameter() throws Exception {
        mvc.perform(get("/partner/data-requests").param("page", "1").param("limit", "1")
                        .param("from", "2026-02-10").param("to", "2026-02-10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].dataRequestId").value("dr_acme_000000000003"))
                .andExpect(jsonPath("$.items[0].referenceId").value("ref-3"))
                .andExpect(jsonPath("$.items[0].linkId").value("link_acme_000000000003"))
                .andExpect(jsonPath("$.items[0].requiredFields", hasSize(2)))
                .andExpect(jsonPath("$.items[0].requiredFields[0]").value("name.firstName"))
                .andExpect(jsonPath("$.items[0].remainingFields[0]").value("dob"))
                .andExpect(jsonPath("$.items[0].status").value("partially_fulfilled"))
                .andExpect(jsonPath("$.items[0].createdAt").exists())
                .andExpect(jsonPath("$.items[0].expiresAt").exists())
                .andExpect(jsonPath("$.items[0].fulfilledAt").isEmpty())
                .andExpect(jsonPath("$.pagination.total").value(2))
                .andExpect(jsonPath("$.pagination.totalPages").value(2));

        mvc.perform(get("/partner/data-requests").param("status", "pending").param("referenceId", "ref-2")
                        .param("linkId", "link_acme_000000000002"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].dataRequestId").value("dr_acme_000000000002"));
    }

    @Test
    void dataRequestDetailAndLinkActivity() throws Exception {
        mvc.perform(get("/partner/data-requests/dr_acme_000000000002"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dataRequestId").value("dr_acme_000000000002"))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.remainingFields", hasSize(2)));
        mvc.perform(get("/partner/links/link_acme_000000000003/activity"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(3)))
                .andExpect(jsonPath("$[1].type").value("data_requested"))
                .andExpect(jsonPath("$[1].details.dataRequestId").value("dr_acme_000000000003"))
                .andExpect(jsonPath("$[1].details.requiredFields", hasSize(2)))
                .andExpect(jsonPath("$[2].type").value("data_received"))
                .andExpect(jsonPath("$[2].details.status").value("partially_fulfilled"))
                .andExpect(jsonPath("$[2].details.remainingFields[0]").value("dob"));
    }

    private record FixedTenant(Tenant tenant) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return Tenant.class.equals(parameter.getParameterType());
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            return tenant;
        }
    }
}

package com.m2m.query;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.partner.ApiKeyIssuedEvent;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.query.datarequest.DataRequestProjection;
import com.m2m.query.datarequest.DataRequestQueryController;
import com.m2m.query.link.LinkQueryController;
import com.m2m.query.link.LinkProjections;
import com.m2m.query.operation.OperationQueryController;
import com.m2m.query.operation.OperationViewProjection;
import com.m2m.query.partner.PartnerDirectoryProjection;
import com.m2m.query.partner.PartnerQueryController;
import com.m2m.query.testing.QueryDatabaseTest;
import com.m2m.query.user.UserQueryController;
import com.m2m.query.user.UserViewProjection;
import com.m2m.query.widget.WidgetStateController;
import com.m2m.query.widget.WidgetStateReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The controllers' mappings, parameter names and JSON shapes (without the application's envelope and error
 * mapping, which the app module adds). The tenant is always acme/sandbox here.
 */
class ControllersTest extends QueryDatabaseTest {

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        clock.set(T0.plusSeconds(10));
        PartnerDirectoryProjection directory = new PartnerDirectoryProjection(db.jdbc());
        LinkProjections links = new LinkProjections(db.jdbc(), clock, "https://m2m.example");
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

        OperationViewProjection operations = new OperationViewProjection(db.jdbc());
        users.on(new FieldMergedEvent("user_acme_1", UserField.PAYMENT_METHOD, FieldSource.WIDGET,
                new PersonalData(PaymentMethod.bankAccount("MX", CLABE).encode()), null, T0));
        for (int i = 1; i <= 2; i++) {
            OperationCreatedEvent operation = new OperationCreatedEvent("op_acme_00" + i, "user_acme_" + i,
                    "link_acme_00000000000" + i, "acme", Environment.SANDBOX, "ref-" + i, "qt_" + i,
                    new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1725.00"), new BigDecimal("17.25"),
                            new BigDecimal("3.99"), "USD", "MXN"),
                    new PayoutSummary("bank_account", "MX", "5558"),
                    new PersonalData(PaymentMethod.bankAccount("MX", CLABE).encode()), T0.plusSeconds(i));
            operations.on(operation);
        }
        operations.on(new OperationFailedEvent("op_acme_002", "user_acme_2", "link_acme_000000000002", "acme",
                Environment.SANDBOX, "ref-2", "account_closed", T0.plusSeconds(5)));

        mvc = MockMvcBuilders
                .standaloneSetup(new PartnerQueryController(directory), links.controller(),
                        new UserQueryController(users), new DataRequestQueryController(requests),
                        new OperationQueryController(operations),
                        new WidgetStateController(new WidgetStateReader(links.queries(), users, operations, directory)))
                .setCustomArgumentResolvers(
                        new FixedArgument<>(Tenant.class, new Tenant("acme", Environment.SANDBOX)),
                        new FixedArgument<>(WidgetSession.class, new WidgetSession("link_acme_000000000001",
                                "user_acme_1", "acme", Environment.SANDBOX, T0.plusSeconds(1800))))
                .build();
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

    @Test
    void operationListBindsEveryParameterAndWritesExactAmounts() throws Exception {
        mvc.perform(get("/partner/operations").param("page", "1").param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].operationId").value("op_acme_002"))
                .andExpect(jsonPath("$.items[0].status").value("failed"))
                .andExpect(jsonPath("$.items[0].failureReason").value("account_closed"))
                .andExpect(jsonPath("$.items[0].failedAt").exists())
                .andExpect(jsonPath("$.pagination.total").value(2))
                .andExpect(jsonPath("$.pagination.totalPages").value(2));

        mvc.perform(get("/partner/operations").param("referenceId", "ref-1").param("userId", "user_acme_1")
                        .param("linkId", "link_acme_000000000001").param("status", "created")
                        .param("from", "2026-02-10").param("to", "2026-02-10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].operationId").value("op_acme_001"))
                .andExpect(content().string(containsString("\"amount\":{\"send\":100.00,\"receive\":1725.00,"
                        + "\"rate\":17.25,\"fee\":3.99,\"currency\":{\"source\":\"USD\",\"destination\":\"MXN\"}}")))
                .andExpect(content().string(containsString(
                        "\"payout\":{\"method\":\"bank_account\",\"country\":\"MX\",\"accountLast4\":\"5558\"}")))
                .andExpect(content().string(not(containsString(CLABE))));
    }

    @Test
    void operationDetail() throws Exception {
        mvc.perform(get("/partner/operations/op_acme_001"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.operationId").value("op_acme_001"))
                .andExpect(jsonPath("$.userId").value("user_acme_1"))
                .andExpect(jsonPath("$.referenceId").value("ref-1"))
                .andExpect(jsonPath("$.linkId").value("link_acme_000000000001"))
                .andExpect(jsonPath("$.status").value("created"))
                .andExpect(jsonPath("$.amount.currency.destination").value("MXN"))
                .andExpect(jsonPath("$.payout.accountLast4").value("5558"))
                .andExpect(jsonPath("$.createdAt").exists())
                .andExpect(jsonPath("$.completedAt").isEmpty())
                .andExpect(jsonPath("$.failedAt").isEmpty())
                .andExpect(jsonPath("$.failureReason").isEmpty());
    }

    @Test
    void widgetState() throws Exception {
        mvc.perform(get("/widget/api/state"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.link.linkId").value("link_acme_000000000001"))
                .andExpect(jsonPath("$.link.status").value("created"))
                .andExpect(jsonPath("$.link.expiresAt").exists())
                .andExpect(jsonPath("$.link.language").isEmpty())
                .andExpect(jsonPath("$.link.theme").value("light"))
                .andExpect(jsonPath("$.link.partnerName").value("Acme Remit"))
                .andExpect(jsonPath("$.user.status").value("pending"))
                .andExpect(jsonPath("$.user.missingFields", hasSize(2)))
                .andExpect(jsonPath("$.user.prefilled['name.firstName']").value("J***"))
                .andExpect(jsonPath("$.user.prefilled.idNumber").value("****RL09"))
                .andExpect(jsonPath("$.user.prefilled.paymentMethod").value("\u2022\u2022\u2022\u2022 5558"))
                .andExpect(jsonPath("$.user.sources['name.firstName']").value("partner_api"))
                .andExpect(jsonPath("$.user.sources.paymentMethod").value("widget"))
                .andExpect(jsonPath("$.user.paymentMethod.type").value("bank_account"))
                .andExpect(jsonPath("$.user.paymentMethod.country").value("MX"))
                .andExpect(jsonPath("$.user.paymentMethod.last4").value("5558"))
                .andExpect(jsonPath("$.nextStep").value("done"))
                .andExpect(jsonPath("$.operation.operationId").value("op_acme_001"))
                .andExpect(jsonPath("$.operation.amount.currency.source").value("USD"))
                .andExpect(content().string(not(containsString("Juan"))))
                .andExpect(content().string(not(containsString("GAPA900515HDFRRL09"))))
                .andExpect(content().string(not(containsString(CLABE))));
    }

    /** Resolves every controller parameter of {@code type} to {@code value}, as the app's filters would. */
    private record FixedArgument<T>(Class<T> type, T value) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return type.equals(parameter.getParameterType());
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            return value;
        }
    }
}

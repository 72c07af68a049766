package com.m2m.app.openapi;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.staff.StaffActor;
import com.m2m.app.widget.WidgetPageController;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /docs}), generated from the controllers by
 * springdoc on demand and completed by {@link ApiDocumentation}: envelopes, errors and security by rule, summaries
 * and request bodies from {@code openapi/routes.yaml}. Nothing of it runs on an API request.
 */
@Configuration
public class OpenApiConfiguration {

    static final String PARTNER_KEY = "partnerApiKey";
    static final String PARTNER_BEARER = "partnerBearer";
    static final String STAFF_BEARER = "staffBearer";
    static final String WIDGET_SESSION = "widgetSession";

    static {
        // Filled by our argument resolvers from the authenticated request, never by the client.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class, WidgetSession.class, StaffActor.class)
                // A @Controller (HTML and assets), documented like the REST controllers.
                .addRestControllers(WidgetPageController.class);
    }

    @Bean
    OpenAPI m2mOpenApi() {
        return new OpenAPI()
                .info(new Info().title("M2M platform API").version("1")
                        .description("""
                                Partner, widget and staff API of the M2M cross-border payment platform. Every JSON \
                                answer is an envelope: `{"success": true, "data": ...}` or `{"success": false, \
                                "error": {"code", "message", "field"?, "existingLinkId"?, "state"?, "requestId"?}}`; every \
                                response carries `X-Request-Id`. Timestamps are ISO 8601 UTC with milliseconds. \
                                A partner key's prefix picks the environment: `m2m_test_` sandbox, `m2m_live_` live. \
                                The prose reference is docs/api.md in the repository."""))
                .servers(List.of(new Server().url("/").description("This deployment")))
                .tags(List.of(
                        new Tag().name("Links").description("Magic links a partner creates for its users"),
                        new Tag().name("Users").description("A partner's users and their verification"),
                        new Tag().name("Data requests").description("Data the platform asks the partner for"),
                        new Tag().name("Operations").description("Transfers users make in the widget"),
                        new Tag().name("Webhooks").description("Webhook configuration and deliveries"),
                        new Tag().name("Partner").description("The calling partner's profile"),
                        new Tag().name("Sandbox").description("Sandbox helpers; a live key gets 404"),
                        new Tag().name("Widget API").description("Called by the end user's widget page"),
                        new Tag().name("Widget page").description("The widget's HTML page and assets"),
                        new Tag().name("Admin").description("Operators (role OPERATOR)"),
                        new Tag().name("Support").description("Support staff (role SUPPORT; PII unmasks)"),
                        new Tag().name("Analytics").description("Analysts (role ANALYST)")))
                .components(new Components()
                        .addSecuritySchemes(PARTNER_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("A partner API key: `m2m_test_` (sandbox) or `m2m_live_` (live) + 32 alphanumerics."))
                        .addSecuritySchemes(PARTNER_BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The same partner API key as `Authorization: Bearer <key>`."))
                        .addSecuritySchemes(STAFF_BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("""
                                        A staff token from `m2m.staff-tokens`; the route needs its role: \
                                        OPERATOR for /admin, SUPPORT for /support, ANALYST for /analytics. \
                                        A partner key is refused (401)."""))
                        .addSecuritySchemes(WIDGET_SESSION, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The `sessionToken` answered by POST /widget/api/sessions.")));
    }

    @Bean
    ModelResolver memberClassNamedSchemas() {
        return new ModelResolver(Json.mapper(), new MemberClassNames());
    }

    @Bean
    OpenApiCustomizer m2mApiDocumentation() {
        return ApiDocumentation.fromClasspath();
    }
}

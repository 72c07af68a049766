package com.m2m.app.web;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one resolver behind the Tenant, WidgetSession and StaffActor controller parameters. */
class AuthenticatedArgumentResolverTest {

    private final AuthenticatedArgumentResolver tenants = new AuthenticatedArgumentResolver(Tenant.class,
            PartnerAuthentication.TENANT_ATTRIBUTE, "Missing authentication. Provide X-API-Key or Bearer token.");

    @SuppressWarnings("unused")
    void handler(Tenant tenant, String other) {
    }

    private static MethodParameter parameter(int index) throws NoSuchMethodException {
        return new MethodParameter(AuthenticatedArgumentResolverTest.class
                .getDeclaredMethod("handler", Tenant.class, String.class), index);
    }

    @Test
    void supportsOnlyItsType() throws Exception {
        assertThat(tenants.supportsParameter(parameter(0))).isTrue();
        assertThat(tenants.supportsParameter(parameter(1))).isFalse();
    }

    @Test
    void resolvesWhatTheFilterLeftInTheRequest() throws Exception {
        Tenant tenant = new Tenant("acme", Environment.SANDBOX);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(PartnerAuthentication.TENANT_ATTRIBUTE, tenant);
        assertThat(tenants.resolveArgument(parameter(0), null, new ServletWebRequest(request), null)).isSameAs(tenant);
    }

    @Test
    void failsClosedWhenNoFilterRan() {
        ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest());
        assertThatThrownBy(() -> tenants.resolveArgument(parameter(0), null, request, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("Missing authentication. Provide X-API-Key or Bearer token.");
                });
    }
}

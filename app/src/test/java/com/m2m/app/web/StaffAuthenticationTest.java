package com.m2m.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.m2m.app.TestClock;
import com.m2m.domain.staff.StaffActor;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staff token configuration (names, the older form, short tokens) and the failed-authentication throttle. */
class StaffAuthenticationTest {

    static final String ANA = "ana-token-0123456789abcdef";
    static final String LEGACY = "legacy-token-0123456789abc";

    @Test
    void namedAndOlderEntriesBothWork() {
        StaffTokens tokens = StaffTokens.parse("ana=" + ANA + ":SUPPORT+PII, " + LEGACY + ":OPERATOR+ANALYST");
        assertThat(tokens.find(ANA)).contains(new StaffActor("ana", Set.of("SUPPORT", "PII")));
        StaffActor legacy = tokens.find(LEGACY).orElseThrow();
        assertThat(legacy.name()).isEqualTo("staff_" + com.m2m.domain.common.Identifiers.sha256Hex(LEGACY)
                .substring(0, 8));
        assertThat(legacy.roles()).containsExactlyInAnyOrder("OPERATOR", "ANALYST");
        assertThat(legacy.mayReadPersonalData()).isFalse();
        assertThat(tokens.find("ana")).isEmpty();
        assertThat(tokens.find(ANA + "x")).isEmpty();
        assertThat(tokens.toString()).doesNotContain(ANA).doesNotContain(LEGACY);
    }

    @Test
    void shortTokensUnknownRolesAndDuplicatesAreRefusedAtStartUp() {
        assertThatThrownBy(() -> StaffTokens.parse("optok123:OPERATOR"))
                .hasMessageContaining("at least 24 characters");
        assertThatThrownBy(() -> StaffTokens.parse("ok=" + ANA + ":SUPPORT,ana=short-but-named:SUPPORT"))
                .hasMessageContaining("at least 24 characters").hasMessageContaining("entry 2")
                .hasMessageNotContaining("short-but-named");
        assertThatThrownBy(() -> StaffTokens.parse(ANA + ":ROOT")).hasMessageContaining("unknown role 'ROOT'");
        assertThatThrownBy(() -> StaffTokens.parse("a=" + ANA + ":SUPPORT,a=" + LEGACY + ":SUPPORT"))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> StaffTokens.parse(ANA)).hasMessageContaining("name=token:ROLE");
        assertThat(StaffTokens.parse("").find(ANA)).isEmpty();
    }

    @Test
    void aBase64TokensPaddingIsPartOfTheTokenNotAName() {
        String padded = "c2VjcmV0LXN0YWZmLXRva2VuLWZvci10ZXN0cw==";   // e.g. from openssl rand -base64
        StaffActor actor = StaffTokens.parse(padded + ":SUPPORT").find(padded).orElseThrow();
        assertThat(actor.name()).startsWith("staff_");
        StaffActor named = StaffTokens.parse("ana=" + padded + ":SUPPORT").find(padded).orElseThrow();
        assertThat(named.name()).isEqualTo("ana");
        assertThatThrownBy(() -> StaffTokens.parse("c2VjcmV0=:SUPPORT"))
                .hasMessageContaining("at least 24 characters").hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void failedAuthenticationIsThrottledPerClientAddress() throws Exception {
        TestClock clock = new TestClock();
        StaffAuthentication filter = new StaffAuthentication("ana=" + ANA + ":SUPPORT",
                new ErrorResponses(new ObjectMapper()), clock, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(call(filter, "10.0.0.1", "wrong-token-0123456789abcdef").getStatus()).isEqualTo(401);
        }
        MockHttpServletResponse blocked = call(filter, "10.0.0.1", ANA);
        assertThat(blocked.getStatus()).as("even the right token waits once the address is throttled").isEqualTo(429);
        assertThat(blocked.getContentAsString()).contains("RATE_LIMITED");
        assertThat(blocked.getHeader("Retry-After")).isNotNull();
        assertThat(call(filter, "10.0.0.2", ANA).getStatus()).as("another address is not affected").isEqualTo(200);

        clock.advance(Duration.ofSeconds(21));
        assertThat(call(filter, "10.0.0.1", ANA).getStatus()).as("a failure's worth refilled").isEqualTo(200);
    }

    private static MockHttpServletResponse call(StaffAuthentication filter, String address, String token)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/support/users");
        request.setRequestURI("/support/users");
        request.setRemoteAddr(address);
        request.addHeader("Authorization", "Bearer " + token);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}

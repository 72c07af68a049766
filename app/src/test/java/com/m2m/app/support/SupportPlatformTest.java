package com.m2m.app.support;

import com.m2m.app.PlatformTest;
import com.m2m.app.WebhookPlatformTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The platform with named staff tokens for every role combination support work needs, fast sandbox verification
 * and payouts, compressed webhook retries and a clock tests can move, over a private in-memory H2 database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        PlatformTest.PRIVATE_H2, PlatformTest.NO_DEMO_PARTNER,
        // The tests' sandbox partners deliver to loopback receivers the tests start (off by default here).
        PlatformTest.LOOPBACK_WEBHOOKS,
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR,"
                + "olga=" + SupportPlatformTest.OPERATOR + ":OPERATOR,"
                + "sue=" + SupportPlatformTest.SUPPORT + ":SUPPORT,"
                + "pia=" + SupportPlatformTest.SUPPORT_PII + ":SUPPORT+PII,"
                + "andy=" + SupportPlatformTest.ANALYST + ":ANALYST",
        PlatformTest.NO_STAFF_THROTTLE,
        PlatformTest.FAST_RETRIES, PlatformTest.FAST_TIMEOUT, PlatformTest.FAST_POLLING,
        "m2m.cip.sandbox-delay=300ms",
        "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=300ms",
        "m2m.widget.session-minutes=600"
})
@Import(WebhookPlatformTest.Clocks.class)
public @interface SupportPlatformTest {
    String OPERATOR = "olga-operator-token-0123456789";
    String SUPPORT = "sue-support-token-0123456789ab";
    String SUPPORT_PII = "pia-support-pii-token-01234567";
    String ANALYST = "andy-analyst-token-0123456789a";
}

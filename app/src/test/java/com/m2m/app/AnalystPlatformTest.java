package com.m2m.app;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The platform for the analyst and rebuild tests, over a private in-memory H2 database: staff tokens of 24+
 * characters (operator, analyst, and a support-only one for the wrong-role case), sandbox verification, payouts and
 * webhook retries compressed to fractions of a second.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        PlatformTest.PRIVATE_H2, PlatformTest.NO_DEMO_PARTNER,
        // The scenario's sandbox partners deliver to loopback receivers the tests start (off by default here).
        PlatformTest.LOOPBACK_WEBHOOKS,
        // Role tests fail staff authentication from 127.0.0.1 on purpose; the throttle has its own test.
        PlatformTest.NO_STAFF_THROTTLE,
        "m2m.staff-tokens=" + AnalystPlatformTest.OPERATOR + ":OPERATOR," + AnalystPlatformTest.ANALYST + ":ANALYST,"
                + AnalystPlatformTest.SUPPORT + ":SUPPORT",
        "m2m.cip.sandbox-delay=200ms",
        "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=200ms",
        PlatformTest.FAST_RETRIES, PlatformTest.FAST_TIMEOUT, PlatformTest.FAST_POLLING
})
public @interface AnalystPlatformTest {
    String OPERATOR = "analyst-suite-operator-7f3c9a1e";
    String ANALYST = "analyst-suite-analyst-2b8d4e6f";
    String SUPPORT = "analyst-suite-support-5a1c7e9b";
}

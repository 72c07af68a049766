package com.m2m.app;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The platform with the webhook schedule compressed to fractions of a second (same five attempts, same rules) and
 * a clock tests can move forward, over a private in-memory H2 database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        PlatformTest.PRIVATE_H2, PlatformTest.NO_DEMO_PARTNER,
        // Sandbox partners of the tests deliver to loopback receivers the tests start (off by default here).
        PlatformTest.LOOPBACK_WEBHOOKS,
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST",
        PlatformTest.NO_STAFF_THROTTLE,
        PlatformTest.FAST_RETRIES, PlatformTest.FAST_TIMEOUT, PlatformTest.FAST_POLLING
})
@Import(WebhookPlatformTest.Clocks.class)
public @interface WebhookPlatformTest {

    /** Not annotated on purpose: imported here, never picked up by component scanning of other contexts. */
    class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}

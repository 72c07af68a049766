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
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "m2m.demo-partner.enabled=false",
        // Sandbox partners of the tests deliver to loopback receivers the tests start (off by default here).
        "m2m.webhooks.allow-private-targets=true",
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST",
        "m2m.rate-limits.staff-auth-failures-per-minute=10000",
        "m2m.webhooks.retry-delays=0s,200ms,200ms,200ms,200ms",
        "m2m.webhooks.timeout=2s",
        "m2m.webhooks.poll-interval=50ms"
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

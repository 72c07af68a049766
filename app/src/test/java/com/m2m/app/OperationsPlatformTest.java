package com.m2m.app;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole platform as operators run it: public API and actuator each on their own random port, a private
 * in-memory H2 database, staff tokens of production length, webhooks retried after an hour (so a failed one stays
 * in the outbox backlog for the test to see), and metrics exported as in production (Spring Boot tests turn the
 * export off unless asked). Test classes with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "m2m.demo-partner.enabled=false",
        // The tests' sandbox partners deliver to loopback receivers the tests start (off by default here).
        "m2m.webhooks.allow-private-targets=true",
        "m2m.staff-tokens=" + OperationsPlatformTest.OPERATOR + ":OPERATOR," + OperationsPlatformTest.SUPPORT + ":SUPPORT",
        "m2m.webhooks.retry-delays=0s,1h",
        "m2m.webhooks.timeout=2s",
        "m2m.webhooks.poll-interval=50ms",
        "m2m.cip.sandbox-delay=200ms",
        "m2m.payouts.sandbox-step-delay=200ms"
})
public @interface OperationsPlatformTest {
    String OPERATOR = "ops-operator-token-0123456789";
    String SUPPORT = "ops-support-token-0123456789";
}

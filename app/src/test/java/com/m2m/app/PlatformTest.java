package com.m2m.app;

import com.m2m.app.perf.StatementCounter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole platform on a random port over a private in-memory H2 database (one per Spring context), with an
 * operator token for the admin API. The demo partner is off: each test class makes the partners it needs through
 * the operator API, as an operator would. The DataSource is wrapped by {@link StatementCounter}, which records
 * nothing until a test starts it (so every platform test shares one context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        PlatformTest.PRIVATE_H2, PlatformTest.NO_DEMO_PARTNER,
        // Sandbox partners of the tests deliver to loopback receivers the tests start (off by default here).
        PlatformTest.LOOPBACK_WEBHOOKS,
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST," + PlatformTest.SUPPORT_TOKEN + ":SUPPORT",
        // Every test class of a shared context fails staff authentication from 127.0.0.1 now and then; the
        // throttle itself is tested in StaffAuthenticationTest.
        PlatformTest.NO_STAFF_THROTTLE
})
@Import(StatementCounter.class)
public @interface PlatformTest {

    // Settings the platform test contexts share (compile-time constants, so annotations can list them).

    /** A private in-memory H2 database per Spring context, sorting NULLs last as PostgreSQL does. */
    String PRIVATE_H2 = "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    /** Each test class makes the partners it needs through the operator API. */
    String NO_DEMO_PARTNER = "m2m.demo-partner.enabled=false";
    /** The tests' sandbox partners deliver to loopback receivers the tests start (off by default). */
    String LOOPBACK_WEBHOOKS = "m2m.webhooks.allow-private-targets=true";
    /** Test classes of a shared context fail staff authentication from 127.0.0.1 now and then on purpose. */
    String NO_STAFF_THROTTLE = "m2m.rate-limits.staff-auth-failures-per-minute=10000";
    /** The webhook schedule compressed to fractions of a second: same five attempts, same rules. */
    String FAST_RETRIES = "m2m.webhooks.retry-delays=0s,200ms,200ms,200ms,200ms";
    String FAST_TIMEOUT = "m2m.webhooks.timeout=2s";
    String FAST_POLLING = "m2m.webhooks.poll-interval=50ms";

    String OPERATOR_TOKEN = "test-operator-token-0123456789";
    String SUPPORT_TOKEN = "test-support-token-0123456789";
}

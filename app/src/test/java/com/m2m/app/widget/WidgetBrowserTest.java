package com.m2m.app.widget;

import com.m2m.app.PlatformTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole platform on a random port over a private in-memory H2 database, with the sandbox's delays compressed
 * so a real browser can walk a journey in seconds: verification decides after 1 s, payouts move a step every
 * 500 ms, due deadlines are picked up every 200 ms. Every class with this annotation shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "m2m.demo-partner.enabled=false",
        "m2m.staff-tokens=" + PlatformTest.OPERATOR_TOKEN + ":OPERATOR+SUPPORT+ANALYST",
        "m2m.rate-limits.staff-auth-failures-per-minute=10000",
        "m2m.cip.sandbox-delay=1s",
        "m2m.links.expiry-check=200ms",
        "m2m.payouts.sandbox-step-delay=500ms"
})
public @interface WidgetBrowserTest {
}

package com.m2m.app;

import org.junit.jupiter.api.BeforeEach;

/**
 * A test over the running platform with a client and a fresh sandbox partner of its own per test (ids never collide,
 * so test classes may share one context). Subclasses carry the platform annotation they need.
 */
public abstract class SandboxPartnerTest extends PlatformClientTest {

    private final String partnerStem;

    protected String partnerId;
    protected String key;

    /** @param partnerStem the start of this test's partner ids (see {@link Partners#uniqueId}) */
    protected SandboxPartnerTest(String partnerStem) {
        this.partnerStem = partnerStem;
    }

    @BeforeEach
    void sandboxPartner() {
        partnerId = Partners.uniqueId(partnerStem);
        key = new Partners(api).sandboxPartner(partnerId);
    }
}

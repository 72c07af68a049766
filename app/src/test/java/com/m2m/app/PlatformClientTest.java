package com.m2m.app;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A test over the running platform (on its random port) with a fresh HTTP client per test. */
public abstract class PlatformClientTest {

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @BeforeEach
    void platformClient() {
        api = new ApiClient(port);
    }

    /** Onboarding through the operator API, over this test's client. */
    protected Partners partners() {
        return new Partners(api);
    }
}

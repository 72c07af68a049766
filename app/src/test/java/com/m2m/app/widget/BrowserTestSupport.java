package com.m2m.app.widget;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One headless Chromium per test class, screenshots per test, and a fresh sandbox partner "Acme Remit" per test.
 * Test classes run one after the other, so the static browser is never shared by two classes at once.
 */
@WidgetBrowserTest
abstract class BrowserTestSupport {

    static Browser browser;

    @LocalServerPort
    int port;

    SandboxPartner partner;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void startTest(TestInfo test) {
        browser.startTest(test.getTestMethod().orElseThrow().getName());
        partner = SandboxPartner.create(port, "Acme Remit");
    }
}

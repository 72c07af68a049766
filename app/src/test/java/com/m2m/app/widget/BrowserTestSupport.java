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

    /** On the details step: the identity fields a partner that sent only the first and last name leaves to the user. */
    static void typeIdentity(String secondName, String secondLastName, String dob, String curp) {
        browser.type("field-name.secondName", secondName);
        browser.type("field-name.secondLastName", secondLastName);
        browser.type("field-dob", dob);
        browser.select("field-idType", "CURP");
        browser.type("field-idNumber", curp);
    }

    /** On the verify step: gives the consent and asks for the verification. */
    static void consentAndVerify() {
        browser.click("consent");
        browser.click("verify-submit");
    }

    /** On the send step: enters {@code amount} and waits for the live quote to show {@code receive}. */
    static void quote(String amount, String receive) {
        browser.type("amount", amount);
        browser.waitForText("quote-receive", receive);
    }

    /** Confirms the quote and waits until the operation reaches {@code status} ("completed", "failed"). */
    static void confirmAndAwaitOperation(String status) {
        browser.click("confirm");
        browser.waitForAttribute("operation-status", "data-status", status);
    }
}

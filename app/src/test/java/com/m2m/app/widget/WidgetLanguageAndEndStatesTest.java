package com.m2m.app.widget;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spanish from start to finish, the language switch, a failed verification (no way forward), and the pages that
 * show nothing but a message: expired, revoked and unknown links.
 */
class WidgetLanguageAndEndStatesTest extends BrowserTestSupport {

    static final String FULL_IDENTITY = "\"name\":{\"firstName\":\"Ana\",\"secondName\":\"\",\"lastName\":\"Lopez\","
            + "\"secondLastName\":\"Ruiz\"},\"idType\":\"CURP\",\"idNumber\":\"GAPA900515HDFRRL09\"";
    static final String CLABE = "\"paymentMethod\":{\"type\":\"bank_account\",\"bankAccount\":{\"country\":\"MX\","
            + "\"accountNumber\":\"014027000005555558\"}}";

    @Test
    void spanishLinkThroughToDone() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"es\",\"userData\":{\"name\":{\"firstName\":\"Juan\",\"lastName\":\"Garcia\"}}}");
        browser.open(link.url());
        browser.waitForText("step-welcome", "Envía dinero con Acme Remit");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("es");
        assertThat(browser.text("start")).isEqualTo("Comenzar");
        browser.docShot("welcome-es", "welcome-es");

        // The switch changes every text and the lang attribute, and back.
        browser.click("lang-en");
        browser.waitForText("step-welcome", "Send money with Acme Remit");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.element("lang-en").getAttribute("aria-pressed")).isEqualTo("true");
        browser.click("lang-es");
        browser.waitForText("step-welcome", "Envía dinero con Acme Remit");
        browser.click("start");

        browser.waitForText("step-details", "Tus datos");
        assertThat(browser.text("step-details")).contains("Proporcionado por Acme Remit");
        // Client-side checks speak Spanish too.
        browser.click("details-submit");
        browser.waitForText("error-dob", "Este campo es obligatorio.");
        browser.shot("details-errors");
        typeIdentity("Carlos", "", "1988-02-29", "GAPA900515HDFRRL09");
        browser.type("field-paymentMethod.bankAccount.accountNumber", "002010077777777771");
        // The language can change mid-form without losing what was typed.
        browser.click("lang-en");
        browser.waitForText("step-details", "Your details");
        assertThat(browser.element("field-idNumber").getAttribute("value")).isEqualTo("GAPA900515HDFRRL09");
        browser.click("lang-es");
        browser.waitForText("step-details", "Tus datos");
        browser.click("details-submit");

        browser.waitForText("step-verify", "Verifica tu identidad");
        browser.click("verify-submit");
        browser.waitForText("error-consent", "Marca la casilla para continuar.");
        consentAndVerify();
        browser.waitForText("verify-pending", "Verificando tu identidad");
        browser.shot("verify-pending");
        browser.waitForText("verify-verified", "Identidad verificada");
        browser.click("verified-continue");
        browser.waitFor("step-send");

        // A reload has no token any more (it left the address bar): the page resumes with its session.
        browser.driver().navigate().refresh();
        browser.waitForText("step-send", "¿Cuánto quieres enviar?");
        assertThat(browser.text("recipient-account")).isEqualTo("•••• 7771");
        quote("200", "3,450.00 MXN");
        assertThat(browser.text("quote-expiry")).startsWith("Tipo de cambio garantizado hasta");
        browser.shot("send-quote");
        confirmAndAwaitOperation("completed");
        assertThat(browser.text("done")).contains("Envío completado");
        assertThat(browser.text("operation-status")).isEqualTo("Completado");
        browser.shot("done-completed");
    }

    @Test
    void failedVerificationShowsTheFailureAndNoWayForward() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\",\"userData\":{" + FULL_IDENTITY + ",\"dob\":\"1900-01-01\"," + CLABE + "}}");
        browser.open(link.url());
        browser.waitFor("step-welcome");
        assertThat(browser.text("step-welcome")).as("data is complete: no details step")
                .doesNotContain("Confirm a few details");
        browser.click("start");
        browser.waitFor("step-verify");
        consentAndVerify();
        browser.waitFor("verify-pending");
        browser.waitForText("verify-failed", "We couldn’t verify your identity");
        assertThat(browser.text("verify-failed")).contains("Our support team will review");
        assertThat(browser.driver().findElements(Browser.testId("step-failed")).get(0)
                .findElements(org.openqa.selenium.By.cssSelector("button, input, a"))).as("no way forward").isEmpty();
        browser.docShot("verification-failed", "verification-failed");

        // Coming back later shows the same, without asking anything again.
        browser.open(link.url());
        browser.waitFor("verify-failed");
    }

    @Test
    void bouncedPayoutShowsTheReason() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\",\"userData\":{" + FULL_IDENTITY + ",\"dob\":\"1985-11-02\","
                + CLABE.replace("014027000005555558", "012180999999999995") + "}}");
        browser.open(link.url());
        browser.click("start");
        consentAndVerify();
        browser.click("verified-continue");
        quote("10", "172.50 MXN");
        confirmAndAwaitOperation("failed");
        assertThat(browser.text("done")).contains("Transfer failed").contains("the recipient’s account is closed");
        assertThat(browser.present("cancel")).isFalse();
        browser.shot("payout-failed");
    }

    @Test
    void expiredRevokedAndUnknownLinksShowOnlyAMessage() {
        SandboxPartner.Link expiring = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\"}");
        partner.expire(expiring.linkId());
        browser.open(expiring.url());
        browser.waitForText("end-expired", "This link has expired");
        assertEndStateOnly();
        browser.docShot("expired", "link-expired");

        SandboxPartner.Link spanishExpiring = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"es\"}");
        partner.expire(spanishExpiring.linkId());
        browser.open(spanishExpiring.url());
        browser.waitFor("end-expired");
        browser.click("lang-es");
        browser.waitForText("end-expired", "Este enlace venció");
        browser.shot("expired-es");
        browser.click("lang-en");

        SandboxPartner.Link revoked = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        partner.revoke(revoked.linkId());
        browser.open(revoked.url());
        browser.waitForText("end-revoked", "This link is no longer valid");
        assertEndStateOnly();
        browser.shot("revoked");

        SandboxPartner.Link wrongToken = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        browser.open(wrongToken.url().replace(wrongToken.token(), UUID.randomUUID().toString()));
        browser.waitForText("end-unknown", "We couldn’t find this link");
        assertEndStateOnly();
        browser.shot("unknown");

        browser.open("http://localhost:" + port + "/w/link_nobody_000000000000/m2m-basic");
        browser.waitFor("end-unknown");

        // A session the server no longer knows (expired): the page says so instead of failing step by step.
        SandboxPartner.Link sessionLink = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\"}");
        browser.open(sessionLink.url());
        browser.waitFor("step-welcome");
        browser.script("sessionStorage.setItem('m2m.session.' + arguments[0], 'ws_expired')", sessionLink.linkId());
        browser.driver().navigate().refresh();
        browser.waitForText("end-session", "Your session has ended");
        assertEndStateOnly();
        browser.shot("session-ended");
    }

    @Test
    void aLinkRevokedDuringItsSessionShowsOnlyTheRevocation() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\",\"userData\":{" + FULL_IDENTITY + "}}");
        browser.open(link.url());
        browser.waitFor("step-welcome");
        partner.revoke(link.linkId());
        browser.driver().navigate().refresh(); // the same session, from the page's storage
        browser.waitForText("end-revoked", "This link is no longer valid");
        assertEndStateOnly();
        assertThat(browser.text("widget")).doesNotContain("A***").doesNotContain("L***");
    }

    @Test
    void aSuspendedPartnersLinksShowOnlyThatTransfersArePaused() {
        SandboxPartner.Link open = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\"}");
        SandboxPartner.Link unopened = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\"}");
        browser.open(open.url());
        browser.waitFor("step-welcome");
        assertThat(partner.api.post("/admin/partners/" + partner.partnerId + "/suspend", null)
                .bearer(com.m2m.app.PlatformTest.OPERATOR_TOKEN).send().status()).isEqualTo(200);

        browser.driver().navigate().refresh();
        browser.waitForText("end-suspended", "Transfers are paused");
        assertEndStateOnly();

        browser.open(unopened.url());
        browser.waitForText("end-suspended", "Transfers are paused");
        assertEndStateOnly();
        browser.shot("suspended");
        browser.click("lang-es");
        browser.waitForText("end-suspended", "Los envíos están en pausa");
        browser.shot("suspended-es");
        browser.click("lang-en");
    }

    private void assertEndStateOnly() {
        assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector("#app input, #app button, #app form")))
                .isEmpty();
        assertThat(browser.present("progress")).isFalse();
    }
}

package com.m2m.app.widget;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's "complete user journey" in a real browser: a first link with partial data (name only) walks through
 * details, verification, sending and the result; the second link for the same referenceId goes straight to
 * sending; the third brings a new payment method and still skips verification.
 */
class WidgetJourneyTest extends BrowserTestSupport {

    @Test
    void threeTransactionsOfOneUser() {
        String referenceId = SandboxPartner.newReferenceId();

        // First transaction: the partner knows the name only.
        SandboxPartner.Link first = partner.link("{\"referenceId\":\"" + referenceId + "\",\"language\":\"en\","
                + "\"userData\":{\"name\":{\"firstName\":\"Juan\",\"lastName\":\"Garcia\"}}}");
        browser.open(first.url());
        browser.waitForText("step-welcome", "Send money with Acme Remit");
        assertThat(browser.currentUrl()).as("the token leaves the address bar").doesNotContain("#")
                .doesNotContain(first.token());
        assertThat(browser.text("partner-name")).isEqualTo("Acme Remit");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.script("return document.body.className")).isEqualTo("light");
        browser.docShot("welcome", "welcome");
        browser.click("start");

        // Details: only the missing CIP fields are editable; the partner's name is shown masked and read-only.
        browser.waitFor("step-details");
        assertThat(browser.text("progress")).contains("Step 1 of 4");
        WebElement firstName = browser.element("field-name.firstName");
        assertThat(firstName.getAttribute("value")).isEqualTo("J***");
        assertThat(firstName.getAttribute("readonly")).isNotNull();
        assertThat(browser.element("field-name.lastName").getAttribute("value")).isEqualTo("G***");
        assertThat(browser.element("field-name.lastName").getAttribute("readonly")).isNotNull();
        assertThat(browser.text("step-details")).contains("Provided by Acme Remit").doesNotContain("Juan");
        for (String editable : new String[]{"name.secondName", "name.secondLastName", "dob", "idType", "idNumber",
                "paymentMethod.bankAccount.accountNumber"}) {
            assertThat(browser.element("field-" + editable).getAttribute("readonly")).as(editable).isNull();
        }
        browser.docShot("details", "details");

        typeIdentity("Carlos", "Lopez", "1990-05-15", "GAPA900515HDFRRL09");
        // A CLABE with a wrong check digit: the server refuses it, the page says so next to the account field.
        browser.type("field-paymentMethod.bankAccount.accountNumber", "014027000005555559");
        browser.click("details-submit");
        WebElement error = browser.waitFor("error-paymentMethod.bankAccount.accountNumber");
        WebElement account = browser.element("field-paymentMethod.bankAccount.accountNumber");
        assertThat(error.getText()).contains("CLABE is not valid");
        assertThat(account.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(account.getAttribute("aria-describedby")).contains(error.getAttribute("id"));
        assertThat(browser.script("return document.activeElement.id")).isEqualTo(account.getAttribute("id"));
        assertThat(browser.script("return arguments[0].closest('.field') === arguments[1].closest('.field')",
                error, account)).as("the error sits with its field").isEqualTo(true);
        browser.docShot("wrong-clabe", "details-error");
        browser.type("field-paymentMethod.bankAccount.accountNumber", "014027000005555558");
        browser.click("details-submit");

        // Verify: consent, pending, verified.
        browser.waitFor("step-verify");
        browser.shot("verify");
        consentAndVerify();
        browser.waitFor("verify-pending");
        browser.docShot("verify-pending", "verify-pending");
        browser.waitFor("verify-verified");
        browser.waitForLiveRegion("Identity verified");
        browser.docShot("verified", "verified");
        browser.click("verified-continue");

        // Send: live quote, masked recipient, confirm.
        String operationId = send("100", "1,725.00 MXN", "5558", true);
        assertThat(partner.operation(operationId).at("/amount/receive").decimalValue()).isEqualByComparingTo("1725");

        // The completed link cannot be used again.
        browser.open(first.url());
        browser.waitForText("end-completed", "This link was already used");
        browser.shot("first-link-again");

        // Second transaction: no userData; the verified user goes straight to sending.
        SandboxPartner.Link second = partner.link("{\"referenceId\":\"" + referenceId + "\"}");
        browser.open(second.url());
        browser.waitFor("step-send");
        assertThat(browser.present("step-welcome")).isFalse();
        assertThat(browser.text("progress")).contains("Step 1 of 2");
        send("50", "862.50 MXN", "5558", false);

        // Third transaction: a new payment method from the partner; still verified, straight to sending.
        SandboxPartner.Link third = partner.link("{\"referenceId\":\"" + referenceId + "\",\"userData\":{"
                + "\"paymentMethod\":{\"type\":\"bank_account\",\"bankAccount\":{\"country\":\"MX\","
                + "\"accountNumber\":\"002010077777777771\"}}}}");
        browser.open(third.url());
        browser.waitFor("step-send");
        assertThat(browser.present("step-verify")).isFalse();
        send("20", "345.00 MXN", "7771", false);
        assertThat(partner.user(referenceId).get("status").asText()).isEqualTo("cip_verified");
    }

    /** Enters an amount, checks the quote and the masked recipient, confirms and waits for the completed operation. */
    private String send(String amount, String receive, String last4, boolean docs) {
        browser.waitFor("step-send");
        assertThat(browser.text("recipient-account")).isEqualTo("•••• " + last4);
        assertThat(browser.element("confirm").isEnabled()).as("nothing to confirm before a quote").isFalse();
        quote(amount, receive);
        assertThat(browser.text("quote-rate")).isEqualTo("1 USD = 17.25 MXN");
        assertThat(browser.text("quote-fee")).isEqualTo("3.99 USD");
        assertThat(browser.text("quote-expiry")).startsWith("Rate guaranteed until");
        if (docs) {
            browser.script("document.activeElement.blur()");
            browser.docShot("send-quote", "send-quote");
        } else {
            browser.shot("send-quote");
        }
        browser.click("confirm");
        browser.waitFor("step-done");
        String operationId = browser.text("operation-id");
        assertThat(operationId).startsWith("op_" + partner.partnerId + "_");
        browser.waitForAttribute("operation-status", "data-status", "completed");
        assertThat(browser.text("done")).contains("Transfer completed");
        assertThat(browser.present("cancel")).isFalse();
        browser.scrollToTop();
        if (docs) {
            browser.docShot("done-completed", "done-completed");
        } else {
            browser.shot("done-completed");
        }
        assertThat(partner.operation(operationId).get("status").asText()).isEqualTo("completed");
        return operationId;
    }
}

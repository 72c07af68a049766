package com.m2m.app.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The widget inside a partner's iframe on another origin: framing is allowed exactly for the partner's
 * {@code allowedEmbedOrigins} (Content-Security-Policy frame-ancestors, enforced by the browser), and the parent
 * window hears {@code m2m:ready}, {@code m2m:step} and {@code m2m:completed} through postMessage.
 */
class WidgetEmbeddingTest extends BrowserTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FULL_DATA = "{\"name\":{\"firstName\":\"Ana\",\"secondName\":\"Maria\",\"lastName\":\"Lopez\","
            + "\"secondLastName\":\"Ruiz\"},\"idType\":\"CURP\",\"idNumber\":\"GAPA900515HDFRRL09\",\"dob\":\"1991-03-10\","
            + "\"paymentMethod\":{\"type\":\"bank_account\",\"bankAccount\":{\"country\":\"MX\","
            + "\"accountNumber\":\"014027000005555558\"}}}";

    static ParentPage partnerApp;
    static ParentPage strangerApp;

    @BeforeAll
    static void startParentPages() {
        partnerApp = new ParentPage();
        strangerApp = new ParentPage();
    }

    @AfterAll
    static void stopParentPages() {
        partnerApp.close();
        strangerApp.close();
    }

    @BeforeEach
    void allowThePartnerAppToEmbed() {
        partner.sandboxSettings("{\"allowedEmbedOrigins\":[\"" + partnerApp.origin() + "\"],\"theme\":\"dark\"}");
    }

    @Test
    void pageHeadersAllowOnlyThePartnersOrigins() throws Exception {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        HttpResponse<String> page = get(URI.create(link.url()).getPath());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; frame-ancestors 'self' " + partnerApp.origin())
                .doesNotContain(strangerApp.origin());
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).as("a shell: nothing about the link").doesNotContain(link.linkId())
                .doesNotContain("Acme").doesNotContain(link.token());

        HttpResponse<String> unknown = get("/w/link_nobody_000000000000/m2m-basic");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'self'; ");

        HttpResponse<String> script = get("/w/assets/widget.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(script.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
        assertThat(get("/w/assets/application.yml").statusCode()).isEqualTo(404);
    }

    @Test
    void embeddedWidgetCompletesAndTellsTheParent() throws Exception {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\",\"userData\":" + FULL_DATA + "}");
        browser.open(partnerApp.embedding(link.url()));
        browser.driver().switchTo().frame(browser.waitFor("widget-frame"));
        browser.waitForText("step-welcome", "Send money with Acme Remit");
        assertThat(browser.script("return document.body.className")).as("the partner's theme").isEqualTo("dark");
        browser.click("start");
        browser.waitFor("step-verify");
        browser.click("consent");
        browser.click("verify-submit");
        browser.waitFor("verify-verified");
        browser.click("verified-continue");
        quote("75", "1,293.75 MXN");
        confirmAndAwaitOperation("completed");
        String operationId = browser.text("operation-id");
        browser.script("window.scrollTo(0, 0)");

        browser.driver().switchTo().defaultContent();
        browser.waitUntil(d -> messages().stream().anyMatch(m -> m.path("type").asText().equals("m2m:completed")));
        List<JsonNode> messages = messages();
        assertThat(messages.get(0).get("type").asText()).isEqualTo("m2m:ready");
        assertThat(messages.stream().filter(m -> m.path("type").asText().equals("m2m:step"))
                .map(m -> m.get("step").asText()).toList()).containsExactly("welcome", "verify", "send", "done");
        JsonNode completed = messages.get(messages.size() - 1);
        assertThat(completed.get("type").asText()).isEqualTo("m2m:completed");
        assertThat(completed.get("operationId").asText()).isEqualTo(operationId);
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(browser.driver().findElements(By.cssSelector("#messages li")))
                .allSatisfy(li -> assertThat(li.getAttribute("data-origin")).isEqualTo("http://localhost:" + port));
        browser.docShot("embedded-done", "embedded-iframe");
    }

    @Test
    void endStatesTellTheParentTheWidgetIsClosed() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        partner.expire(link.linkId());
        browser.open(partnerApp.embedding(link.url()));
        browser.waitUntil(d -> messages().stream().anyMatch(m -> m.path("type").asText().equals("m2m:closed")));
        assertThat(messages().get(0).get("type").asText()).isEqualTo("m2m:ready");
        assertThat(messages().get(1).get("reason").asText()).isEqualTo("expired");
        browser.shot("embedded-expired");
    }

    @Test
    void anotherOriginCannotFrameTheWidget() {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        browser.consoleLog(); // start from an empty log
        browser.open(strangerApp.embedding(link.url()));
        browser.waitForAttribute("widget-frame", "data-loaded", "true");
        browser.shot("refused");

        // The browser refused to render the frame: Chrome logs the violated directive and leaves an error page.
        browser.waitUntil(d -> browser.consoleLog().stream()
                .anyMatch(entry -> entry.getMessage().contains("frame-ancestors")));
        browser.driver().switchTo().frame(browser.element("widget-frame"));
        assertThat(browser.present("widget")).isFalse();
        browser.driver().switchTo().defaultContent();
        assertThat(messages()).isEmpty();
        // Nothing of the widget ran: the link was never opened.
        assertThat(partner.api.get("/partner/links/" + link.linkId()).key(partner.key).send().data()
                .get("status").asText()).isEqualTo("created");
    }

    /**
     * A page of another origin than the partner's allowed ones hears nothing, even one the browser lets frame the
     * widget (frame-ancestors 'self': a page of the platform itself) and that hides its address (no-referrer):
     * messages are posted to the partner's origins only, never to '*'.
     */
    @Test
    void aParentThatIsNotThePartnersOriginHearsNothing() {
        SandboxPartner.Link host = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        SandboxPartner.Link framed = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId()
                + "\",\"language\":\"en\"}");
        browser.open(host.url());
        browser.waitFor("step-welcome");
        browser.script("window.heard = [];"
                + "window.addEventListener('message', function (e) { window.heard.push(e.data); });"
                + "var frame = document.createElement('iframe'); frame.id = 'inner'; frame.src = arguments[0];"
                + "document.body.appendChild(frame);", framed.url());
        browser.driver().switchTo().frame(browser.driver().findElement(By.id("inner")));
        browser.waitFor("step-welcome"); // shown: the widget has already posted m2m:ready and m2m:step, if at all
        // A probe from the same frame arrives after anything the widget posted before it (messages keep order).
        browser.script("window.parent.postMessage({type: 'probe'}, '*');");
        browser.driver().switchTo().defaultContent();
        browser.waitUntil(d -> String.valueOf(browser.script("return JSON.stringify(window.heard)")).contains("probe"));
        assertThat(String.valueOf(browser.script("return JSON.stringify(window.heard)")))
                .isEqualTo("[{\"type\":\"probe\"}]");
    }

    @Test
    void thePageNamesThePartnersOriginsAsItsOnlyMessageTargets() throws Exception {
        SandboxPartner.Link link = partner.link("{\"referenceId\":\"" + SandboxPartner.newReferenceId() + "\"}");
        assertThat(get(URI.create(link.url()).getPath()).body())
                .contains("<meta name=\"m2m-embed-origins\" content=\"" + partnerApp.origin() + "\">");
        assertThat(get("/w/link_nobody_000000000000/m2m-basic").body())
                .contains("<meta name=\"m2m-embed-origins\" content=\"\">");
    }

    /**
     * The page loads one module; every module it imports, and they import, is served under the same version as
     * JavaScript (module scripts need a JavaScript MIME type) with the year-long cache; another version is not.
     */
    @Test
    void everyModuleThePageLoadsIsServedAsJavaScriptUnderTheVersion() throws Exception {
        String page = get("/w/link_nobody_000000000000/m2m-basic").body();
        Matcher entry = Pattern.compile("<script type=\"module\" src=\"(/w/assets/([0-9a-f]{12})/widget\\.js)\">")
                .matcher(page);
        assertThat(entry.find()).as(page).isTrue();
        assertThat(page).doesNotContain("<script>").doesNotContain("<script src");
        String base = "/w/assets/" + entry.group(2) + "/";
        Pattern imports = Pattern.compile("(?:from|import) '\\./([a-z0-9]+\\.js)'");
        Deque<String> pending = new ArrayDeque<>(List.of("widget.js"));
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            HttpResponse<String> module = get(base + name);
            assertThat(module.statusCode()).as(name).isEqualTo(200);
            assertThat(module.headers().firstValue("Content-Type").orElseThrow()).as(name).startsWith("text/javascript");
            assertThat(module.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
            Matcher imported = imports.matcher(module.body());
            while (imported.find()) {
                pending.push(imported.group(1));
            }
        }
        assertThat(seen).contains("widget.js", "api.js", "state.js", "i18n.js", "details.js", "send.js", "done.js")
                .hasSizeGreaterThan(10);
        assertThat(get("/w/assets/000000000000/widget.js").statusCode()).as("another version").isEqualTo(404);
        assertThat(get(base + "application.yml").statusCode()).isEqualTo(404);
    }

    private List<JsonNode> messages() {
        List<JsonNode> messages = new ArrayList<>();
        for (WebElement item : browser.driver().findElements(By.cssSelector("#messages li"))) {
            try {
                messages.add(JSON.readTree(item.getAttribute("textContent")));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return messages;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

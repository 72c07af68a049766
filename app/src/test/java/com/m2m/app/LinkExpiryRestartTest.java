package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link's expiry is a persistent deadline: the platform is stopped while the link is open and started again, and
 * the expiry still fires at {@code expiresAt} — the link expires (event, activity, webhook) without anyone asking.
 */
@ExtendWith(OutputCaptureExtension.class)
class LinkExpiryRestartTest {

    /**
     * The first run's clock is set back so that a 5-minute link (the shortest allowed) ends 15 s from now: time
     * enough to stop and start the platform again, even on a slow machine.
     */
    static final Duration SHIFT = Duration.ofMinutes(5).minusSeconds(15);

    @TempDir
    Path dir;

    /** Deliberately not annotated: component scanning of other tests' contexts must never pick it up. */
    static class ShiftedClock {
        @Bean
        @Primary
        Clock shiftedClock() {
            return Clock.offset(Clock.systemUTC(), SHIFT.negated());
        }
    }

    @Test
    void expiryFiresOnTimeAcrossARestart(CapturedOutput output) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        String key;
        String linkId;
        Instant expiresAt;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            try (ConfigurableApplicationContext first = new SpringApplicationBuilder(M2mApplication.class, ShiftedClock.class)
                    .run("--server.port=0", "--spring.datasource.url=" + url, "--m2m.links.expiry-check=200ms")) {
                Matcher printed = Pattern.compile("(m2m_test_[A-Za-z0-9]{32})").matcher(output.getOut());
                assertThat(printed.find()).isTrue();
                key = printed.group(1);
                ApiClient api = new ApiClient(port(first));
                api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\",\"events\":[\"link.expired\"]}")
                        .key(key).send();
                JsonNode link = api.post("/partner/links", "{\"referenceId\":\"sleeper\",\"expiresInMinutes\":5}").key(key)
                        .send().data();
                linkId = link.get("linkId").asText();
                expiresAt = Instant.parse(link.get("expiresAt").asText());
                assertThat(expiresAt).isBetween(Instant.now().plusSeconds(10), Instant.now().plusSeconds(16));
            }
            // Down while the link is open; back up before its expiry.
            try (ConfigurableApplicationContext second = new SpringApplicationBuilder(M2mApplication.class)
                    .run("--server.port=0", "--spring.datasource.url=" + url, "--m2m.links.expiry-check=200ms")) {
                ApiClient api = new ApiClient(port(second));
                assertThat(Instant.now()).as("restarted before the expiry").isBefore(expiresAt);
                WebhookReceiver.Received expired = receiver.await("/hooks", r -> r.event().equals("link.expired"), 1,
                        Duration.ofSeconds(20)).get(0);
                assertThat(expired.at()).as("on time (expiry check every 200 ms)")
                        .isBetween(expiresAt, expiresAt.plusSeconds(5));
                assertThat(expired.json().at("/data/linkId").asText()).isEqualTo(linkId);
                assertThat(api.get("/partner/links/" + linkId + "/activity").key(key).send().data()
                        .findValuesAsText("type")).contains("expired");
                assertThat(api.post("/partner/links", "{\"referenceId\":\"sleeper\"}").key(key).send().status())
                        .as("the user is free again").isEqualTo(201);
            }
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}

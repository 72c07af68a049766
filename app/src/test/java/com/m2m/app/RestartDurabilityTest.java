package com.m2m.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as a new user runs it: an H2 file database and the demo partner whose key is printed at the
 * first start. Everything acknowledged survives a restart; the key is printed once and keeps working.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void linksAndTheDemoKeySurviveARestart(CapturedOutput output) {
        String url = "jdbc:h2:file:" + dataDir.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        String linkId;
        String key;
        try (ConfigurableApplicationContext first = start(url)) {
            Matcher printed = Pattern.compile("(m2m_test_[A-Za-z0-9]{32})").matcher(output.getOut());
            assertThat(printed.find()).as("the demo key is printed at first start").isTrue();
            key = printed.group(1);
            ApiClient api = new ApiClient(port(first));
            ApiClient.Response created = api.post("/partner/links", "{\"referenceId\":\"survivor\"}").key(key).send();
            assertThat(created.status()).isEqualTo(201);
            linkId = created.data().get("linkId").asText();
        }
        int printedKeys = countKeys(output.getOut());

        try (ConfigurableApplicationContext second = start(url)) {
            assertThat(countKeys(output.getOut())).as("no second key printed").isEqualTo(printedKeys);
            ApiClient api = new ApiClient(port(second));
            assertThat(api.get("/partner/links/" + linkId).key(key).send().data().get("status").asText())
                    .isEqualTo("created");
            assertThat(api.post("/partner/links", "{\"referenceId\":\"survivor\"}").key(key).send().errorCode())
                    .as("the user's active link is still known to the write side").isEqualTo("ACTIVE_LINK_EXISTS");
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(M2mApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int countKeys(String out) {
        Matcher matcher = Pattern.compile("^\\s+m2m_test_[A-Za-z0-9]{32}$", Pattern.MULTILINE).matcher(out);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}

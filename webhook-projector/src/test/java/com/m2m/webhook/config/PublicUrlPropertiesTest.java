package com.m2m.webhook.config;

import com.m2m.domain.testing.BoundProperties;
import com.m2m.webhook.common.PublicUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicUrlPropertiesTest {

    private static PublicUrlProperties bind(Map<String, String> properties) {
        return BoundProperties.bind("m2m", PublicUrlProperties.class, properties);
    }

    @Test
    void defaultsToTheLocalServer() {
        assertThat(bind(Map.of()).publicBaseUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void theBoundBaseIsWhatWebhookUrlsStartWith() {
        PublicUrls urls = new PublicUrls(bind(Map.of("m2m.public-base-url", "https://m2m.example.com/")));
        assertThat(urls.widget("link_acme_0123456789ab", "m2m-basic"))
                .isEqualTo("https://m2m.example.com/w/link_acme_0123456789ab/m2m-basic");
        assertThat(urls.dataRequestReply("dr_acme_0123456789ab"))
                .isEqualTo("https://m2m.example.com/partner/data-requests/dr_acme_0123456789ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:8080", "ftp://m2m.example.com", "/relative", "https://m2m.example.com/?q=1"})
    void anythingButAnAbsoluteHttpUrlIsRefused(String value) {
        assertThatThrownBy(() -> new PublicUrlProperties(value)).hasMessageContaining("m2m.public-base-url");
    }
}

package com.m2m.domain.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WidgetLinksTest {

    @Test
    void theUrlIsTheBaseThenWLinkIdAndFlow() {
        assertThat(WidgetLinks.url("https://m2m.example.com", "link_acme_0123456789ab", "m2m-basic"))
                .isEqualTo("https://m2m.example.com/w/link_acme_0123456789ab/m2m-basic");
    }

    @Test
    void aTrailingSlashOnTheBaseIsIgnored() {
        assertThat(WidgetLinks.url("https://m2m.example.com/", "link_acme_0123456789ab", "m2m-basic"))
                .isEqualTo("https://m2m.example.com/w/link_acme_0123456789ab/m2m-basic");
    }

    @Test
    void onlyTheCreationUrlCarriesTheTokenAsItsFragment() {
        assertThat(WidgetLinks.urlWithToken("http://localhost:8080/", "link_acme_0123456789ab", "m2m-basic", "tok"))
                .isEqualTo("http://localhost:8080/w/link_acme_0123456789ab/m2m-basic#tok");
        assertThat(WidgetLinks.url("http://localhost:8080", "link_acme_0123456789ab", "m2m-basic"))
                .doesNotContain("#");
    }
}

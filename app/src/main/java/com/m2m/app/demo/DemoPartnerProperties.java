package com.m2m.app.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code m2m.demo-partner.*}.
 *
 * @param enabled     whether the demo partner exists, as set; null when not set, and then the embedded default
 *                    database decides ({@link com.m2m.app.config.EmbeddedDefault})
 * @param issueNewKey print a fresh demo key at this start (the first start always prints one)
 */
@ConfigurationProperties("m2m.demo-partner")
public record DemoPartnerProperties(Boolean enabled, @DefaultValue("false") boolean issueNewKey) {
}

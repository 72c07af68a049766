package com.m2m.app.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code m2m.demo-partner.*}.
 *
 * @param issueNewKey print a fresh demo key at this start (the first start always prints one). Whether the demo
 *                    partner exists at all ({@code m2m.demo-partner.enabled}) is decided with the embedded
 *                    default database ({@link com.m2m.app.config.EmbeddedDefault}).
 */
@ConfigurationProperties("m2m.demo-partner")
public record DemoPartnerProperties(@DefaultValue("false") boolean issueNewKey) {
}

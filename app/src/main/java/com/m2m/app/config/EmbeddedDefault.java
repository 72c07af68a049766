package com.m2m.app.config;

/**
 * Whether the platform runs as its out-of-the-box local install: the embedded H2 database ({@link EmbeddedDatabase})
 * with the sandbox demo partner. Settings meant for a developer's machine only (the demo
 * partner itself, private webhook targets in sandbox) default to on there and off anywhere else.
 *
 * @param demoPartner {@code m2m.demo-partner.enabled} as set, or null when not set
 */
public record EmbeddedDefault(Boolean demoPartner, String datasourceUrl) {

    public boolean embeddedDatabase() {
        return EmbeddedDatabase.isEmbedded(datasourceUrl);
    }

    /** The demo partner exists: as set, otherwise with the embedded database only. */
    public boolean demoPartnerEnabled() {
        return demoPartner != null ? demoPartner : embeddedDatabase();
    }

    /** The embedded database and the demo partner: a local install, not a deployment. */
    public boolean embeddedWithDemoPartner() {
        return embeddedDatabase() && demoPartnerEnabled();
    }
}

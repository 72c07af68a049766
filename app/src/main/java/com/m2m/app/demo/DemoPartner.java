package com.m2m.app.demo;

import com.m2m.app.config.EmbeddedDefault;
import com.m2m.domain.common.Environment;
import com.m2m.domain.partner.CreatePartnerCommand;
import com.m2m.domain.partner.IssueApiKeyCommand;
import com.m2m.domain.partner.IssuedApiKey;
import com.m2m.query.partner.PartnerDirectoryProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * With the embedded default (or {@code m2m.demo-partner.enabled=true}) a sandbox partner {@code demo} exists
 * from the first start, and its API key is printed once, when it is created: only its hash is stored, so later
 * starts cannot show it again. {@code m2m.demo-partner.issue-new-key=true} prints a fresh one.
 */
@Component
@EnableConfigurationProperties(DemoPartnerProperties.class)
public class DemoPartner {

    static final String PARTNER_ID = "demo";

    private final CommandGateway commands;
    private final PartnerDirectoryProjection directory;
    private final Clock clock;
    private final boolean enabled;
    private final boolean issueNewKey;
    private final PrintStream out = System.out;

    public DemoPartner(CommandGateway commands, PartnerDirectoryProjection directory, Clock clock,
                       EmbeddedDefault embedded, DemoPartnerProperties properties) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
        this.enabled = embedded.demoPartnerEnabled();
        this.issueNewKey = properties.issueNewKey();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ensureDemoPartner() {
        if (!enabled) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean created = !directory.partnerExists(PARTNER_ID);
        if (created) {
            commands.sendAndWait(new CreatePartnerCommand(PARTNER_ID, "Demo Partner", now));
        }
        if (created || issueNewKey) {
            IssuedApiKey issued = commands.sendAndWait(new IssueApiKeyCommand(PARTNER_ID, Environment.SANDBOX, now));
            String key = issued.key();
            out.println();
            out.println("================================================================================");
            out.println(" Sandbox demo partner 'demo' is ready. Its API key (shown only now, keep it):");
            out.println();
            out.println("   " + key);
            out.println();
            out.println(" Try:  curl -s -H 'X-API-Key: " + key + "' http://localhost:8080/partner/profile");
            out.println("================================================================================");
            out.println();
        } else {
            out.println("Sandbox demo partner 'demo' exists; its key was printed when it was created."
                    + " Start with --m2m.demo-partner.issue-new-key=true for a new one.");
        }
    }
}

package com.m2m.command.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.ExpireLinkCommand;
import com.m2m.domain.link.Link;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Sandbox helpers for links: they do not exist for live keys (404, as for any unknown path). */
@RestController
public record SandboxLinkController(CommandGateway commands, Clock clock) {

    public record ExpiredLink(String linkId, String status, Instant expiredAt) {
    }

    /** Expire the link now, as if its time had run out: same events, same webhook, same 410s afterwards. */
    @PostMapping("/partner/sandbox/links/{linkId}/expire")
    public ExpiredLink expire(Tenant tenant, @PathVariable String linkId) {
        if (tenant.environment() != Environment.SANDBOX) {
            throw new ResourceNotFoundException("Resource not found");
        }
        if (!Identifiers.isLinkIdOf(linkId, tenant.partnerId())) {
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            commands.sendAndWait(new ExpireLinkCommand(linkId, tenant.partnerId(), tenant.environment(), now));
        } catch (AggregateNotFoundException unknown) {
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        return new ExpiredLink(linkId, "expired", now);
    }
}

package com.m2m.command.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.common.ConcurrencyConflicts;
import com.m2m.command.common.JsonBodies;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.partner.ChangePartnerSettingsCommand;
import com.m2m.domain.partner.CreatePartnerCommand;
import com.m2m.domain.partner.IssueApiKeyCommand;
import com.m2m.domain.partner.IssuedApiKey;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.ReactivatePartnerCommand;
import com.m2m.domain.partner.RevokeApiKeyCommand;
import com.m2m.domain.partner.SuspendPartnerCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** Operator endpoints that change partners and their keys (the OPERATOR role is checked by the app). */
@RestController
public record PartnerAdminController(CommandGateway commands, Clock clock) {

    public record PartnerCreated(String partnerId, String name, String status, Instant createdAt) {
    }

    public record ApiKeyIssued(String apiKey, String prefix, String environment, Instant createdAt) {
    }

    public record ApiKeyRevoked(String prefix, Instant revokedAt) {
    }

    public record PartnerStatusChanged(String partnerId, String status, Instant at) {
    }

    @PostMapping(path = "/admin/partners", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public PartnerCreated createPartner(@RequestBody JsonNode body) {
        JsonBodies.requireObject(body, Set.of("partnerId", "name"));
        String partnerId = Identifiers.requirePartnerSlug("partnerId", JsonBodies.requiredText(body, "partnerId"));
        String name = JsonBodies.requiredText(body, "name").trim();
        if (name.isEmpty() || name.length() > 100) {
            throw new ValidationException("name", "The name field must be 1 to 100 characters");
        }
        Instant now = now();
        try {
            commands.sendAndWait(new CreatePartnerCommand(partnerId, name, now));
        } catch (RuntimeException e) {
            if (ConcurrencyConflicts.isCause(e)) {
                throw new InvalidStateException("Partner " + partnerId + " already exists");
            }
            throw e;
        }
        return new PartnerCreated(partnerId, name, "active", now);
    }

    @PostMapping("/admin/partners/{partnerId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    public ApiKeyIssued issueKey(@PathVariable String partnerId, @RequestBody JsonNode body) {
        JsonBodies.requireObject(body, Set.of("environment"));
        Environment environment = Environment.parse(JsonBodies.requiredText(body, "environment"), "environment");
        Instant now = now();
        IssuedApiKey issued = send(partnerId, new IssueApiKeyCommand(partnerId, environment, now));
        return new ApiKeyIssued(issued.key(), issued.prefix(), environment.wireName(), now);
    }

    @PostMapping("/admin/partners/{partnerId}/keys/{prefix}/revoke")
    public ApiKeyRevoked revokeKey(@PathVariable String partnerId, @PathVariable String prefix) {
        Instant now = now();
        send(partnerId, new RevokeApiKeyCommand(partnerId, prefix, now));
        return new ApiKeyRevoked(prefix, now);
    }

    @PostMapping("/admin/partners/{partnerId}/suspend")
    public PartnerStatusChanged suspend(@PathVariable String partnerId) {
        Instant now = now();
        send(partnerId, new SuspendPartnerCommand(partnerId, now));
        return new PartnerStatusChanged(partnerId, "suspended", now);
    }

    @PostMapping("/admin/partners/{partnerId}/reactivate")
    public PartnerStatusChanged reactivate(@PathVariable String partnerId) {
        Instant now = now();
        send(partnerId, new ReactivatePartnerCommand(partnerId, now));
        return new PartnerStatusChanged(partnerId, "active", now);
    }

    @PutMapping(path = "/admin/partners/{partnerId}/settings/{environment}",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    public PartnerSettings changeSettings(@PathVariable String partnerId, @PathVariable String environment,
                                          @RequestBody JsonNode body) {
        Environment env = Environment.parse(environment, "environment");
        return send(partnerId, new ChangePartnerSettingsCommand(partnerId, env,
                SettingsPatchParser.parse(body, env), now()));
    }

    /**
     * Commands to an existing partner: an unknown partner id is a 404 naming the partner, not an internal error. An
     * id that is no partner slug (a link or user id, say) is not loaded at all: it names no partner.
     */
    private <R> R send(String partnerId, Object command) {
        if (!Identifiers.isPartnerSlug(partnerId)) {
            throw new ResourceNotFoundException("Partner not found");
        }
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException unknown) {
            throw new ResourceNotFoundException("Partner not found");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

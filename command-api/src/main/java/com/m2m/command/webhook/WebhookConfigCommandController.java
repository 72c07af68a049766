package com.m2m.command.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.common.JsonBodies;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.partner.ConfigureWebhookCommand;
import com.m2m.domain.partner.RotateWebhookSecretCommand;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.webhook.WebhookEventTypes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The partner's webhook target, subscription and signing secret (changes; reads are in webhook-projector). */
@RestController
public record WebhookConfigCommandController(CommandGateway commands, Clock clock, WebhookTargets targets) {

    private static final Set<String> MEMBERS = Set.of("url", "events");

    /** {@code secret} is present only when this call created the environment's first secret: shown once. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookConfigChanged(String url, List<String> events, String secretPrefix, String secret,
                                       Instant updatedAt) {
    }

    public record SecretRotated(String secret, String secretPrefix, Instant previousSecretValidUntil,
                                Instant rotatedAt) {
    }

    @PutMapping(path = "/partner/webhooks/config", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookConfigChanged configure(Tenant tenant, @RequestBody JsonNode body) {
        JsonBodies.requireObject(body, MEMBERS);
        String url = targets.validate(JsonBodies.requiredText(body, "url"), tenant.environment(), "url");
        List<String> events = events(body.get("events"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WebhookSecret generated = WebhookSecret.generate();
        WebhookSecret created = commands.sendAndWait(new ConfigureWebhookCommand(tenant.partnerId(),
                tenant.environment(), url, events, generated, now));
        return new WebhookConfigChanged(url, events.isEmpty() ? WebhookEventTypes.ALL : events,
                created == null ? null : created.prefix(), created == null ? null : created.value(), now);
    }

    @PostMapping("/partner/webhooks/config/regenerate-secret")
    public SecretRotated regenerateSecret(Tenant tenant) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WebhookSecret secret = WebhookSecret.generate();
        Instant previousValidUntil = commands.sendAndWait(
                new RotateWebhookSecretCommand(tenant.partnerId(), tenant.environment(), secret, now));
        return new SecretRotated(secret.value(), secret.prefix(), previousValidUntil, now);
    }

    /** Absent or empty: every event. Otherwise known event names only. */
    private static List<String> events(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ValidationException("events", "The events field must be a list of event names");
        }
        List<String> events = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !WebhookEventTypes.ALL.contains(item.asText())) {
                throw new ValidationException("events", "The events field must list event names among: "
                        + String.join(", ", WebhookEventTypes.ALL));
            }
            if (!events.contains(item.asText())) {
                events.add(item.asText());
            }
        }
        return events;
    }
}

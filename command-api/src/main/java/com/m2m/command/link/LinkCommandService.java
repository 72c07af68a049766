package com.m2m.command.link;

import com.m2m.command.common.ConcurrencyConflicts;
import com.m2m.command.config.PublicUrlProperties;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.CreateLinkCommand;
import com.m2m.domain.link.Link;
import com.m2m.domain.link.LinkCreationResult;
import com.m2m.domain.link.RevocationResult;
import com.m2m.domain.link.RevokeLinkCommand;
import com.m2m.domain.link.WidgetLinks;
import com.m2m.domain.partner.EnsureWebhookSecretCommand;
import com.m2m.domain.partner.FindLinkSettingsQuery;
import com.m2m.domain.partner.LinkSettings;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.user.CipRequirements;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Turns link requests into commands. */
@Service
public record LinkCommandService(CommandGateway commands, QueryGateway queries, Clock clock,
                                 PublicUrlProperties publicUrl) {

    /** Concurrent creates for one user lose on the event store's sequence constraint; a retry then sees the winner. */
    private static final int ATTEMPTS = 5;

    public CreatedLink create(Tenant tenant, CreateLinkRequest request) {
        // One read of the tenant: settings and webhook flags (served from the request's memo: the authentication
        // filter read them with the API key).
        LinkSettings tenantSettings = queries.query(
                new FindLinkSettingsQuery(tenant.partnerId(), tenant.environment()), LinkSettings.class).join();
        PartnerSettings settings = tenantSettings.settings();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int minutes = request.expiresInMinutes() != null
                ? request.expiresInMinutes() : settings.defaultExpiresInMinutes();
        // Data requests need somewhere to go: the partner's webhook URL or this link's callbackUrl (docs/domain.md).
        boolean dataRequestsEnabled = tenantSettings.webhookTarget() || request.options().callbackUrl() != null;
        WebhookSecret firstSecret = null;
        if (request.options().callbackUrl() != null && !tenantSettings.webhookSecret()) {
            // Webhooks are never sent unsigned: the first callbackUrl of an environment without a secret creates
            // one, and the 201 shows it, once. The partner decides whether this is the first (two concurrent
            // creates must not both make one); the read model only spares that command once a secret is known,
            // which it stays (a secret is rotated, never removed).
            // The result is the new secret when this command created it, else null (another request's won).
            firstSecret = sendRetryingConflicts(new EnsureWebhookSecretCommand(tenant.partnerId(),
                    tenant.environment(), WebhookSecret.generate(), now));
        }
        String token = UUID.randomUUID().toString();
        CreateLinkCommand command = new CreateLinkCommand(Identifiers.newLinkId(tenant.partnerId()),
                Identifiers.userId(tenant.partnerId(), tenant.environment(), request.referenceId()),
                tenant.partnerId(), tenant.environment(), request.referenceId(), request.userData(),
                CipRequirements.fromPaths(settings.cipRequiredFields()), Identifiers.sha256Hex(token),
                request.options(), now.plus(Duration.ofMinutes(minutes)), now,
                Identifiers.newDataRequestId(tenant.partnerId()), dataRequestsEnabled);
        LinkCreationResult result = sendRetryingConflicts(command);
        return new CreatedLink(result.linkId(), request.referenceId(), "created",
                WidgetLinks.urlWithToken(publicUrl.publicBaseUrl(), result.linkId(), request.options().flow(), token), token,
                result.expiresAt(), result.createdAt(), result.userId(), result.userStatus().wireName(),
                firstSecret == null ? null : firstSecret.value());
    }

    public RevokedLink revoke(Tenant tenant, String linkId, String reason) {
        if (reason != null && reason.length() > 500) {
            throw new ValidationException("reason", "The reason field must be at most 500 characters");
        }
        if (!Identifiers.isLinkIdOf(linkId, tenant.partnerId())) {
            // Not this partner's link by its very shape (another type's id, another partner's): never loaded.
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RevocationResult result;
        try {
            result = commands.sendAndWait(
                    new RevokeLinkCommand(linkId, tenant.partnerId(), tenant.environment(), reason, now));
        } catch (AggregateNotFoundException unknown) {
            // Same answer as the aggregate's own for another tenant's link: existence must not leak.
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        if (result.expired()) {
            throw new LinkExpiredException();
        }
        return new RevokedLink(result.linkId(), "revoked", result.revokedAt());
    }

    /**
     * Sends and waits, again while the failure is a concurrency conflict (another request's command for the same
     * aggregate won the sequence), up to {@link #ATTEMPTS} times.
     */
    private <R> R sendRetryingConflicts(Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(command);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !ConcurrencyConflicts.isCause(e)) {
                    throw e;
                }
            }
        }
    }
}

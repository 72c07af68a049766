package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.StatusEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A partner, its keys and its settings per environment. Event-sourced so that every key issued or revoked,
 * every suspension and every settings change is on record with its time.
 */
public class Partner {

    /** After a rotation the old secret keeps signing alongside the new one for this long (docs/webhooks.md). */
    public static final Duration PREVIOUS_SECRET_OVERLAP = Duration.ofHours(24);

    /**
     * Draws per key issuance. A random prefix collides with probability (keys held) / 238,328 per draw, so even a
     * partner holding thousands of keys practically never exhausts these; the bound keeps a broken generator
     * from looping forever.
     */
    static final int KEY_DRAWS = 32;

    @AggregateIdentifier
    private String partnerId;
    private PartnerStatus status;
    private final Map<String, IssuedKey> keysByPrefix = new HashMap<>();
    private final Map<Environment, PartnerSettings> settings = new EnumMap<>(Environment.class);
    private final Map<Environment, WebhookSecret> webhookSecrets = new EnumMap<>(Environment.class);

    Partner() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    Partner(CreatePartnerCommand command) {
        apply(new PartnerCreatedEvent(command.partnerId(), command.name(), command.at()));
        for (Environment environment : Environment.values()) {
            apply(new PartnerSettingsChangedEvent(command.partnerId(), environment, PartnerSettings.DEFAULTS,
                    command.at()));
        }
    }

    @CommandHandler
    IssuedApiKey handle(IssueApiKeyCommand command) {
        // Listing prefixes name keys (in listings and the revoke route), so they stay unique within a partner,
        // revoked keys included. The prefix has only 3 random characters: a taken one is drawn again here, inside
        // this decision, so a collision never reaches the caller.
        for (int draw = 0; draw < KEY_DRAWS; draw++) {
            String key = command.keys().next(command.environment());
            String prefix = ApiKeys.listingPrefix(key);
            if (!keysByPrefix.containsKey(prefix)) {
                apply(new ApiKeyIssuedEvent(partnerId, command.environment(), prefix, ApiKeys.hash(key),
                        command.at()));
                return new IssuedApiKey(key, prefix);
            }
        }
        throw new InvalidStateException("No free API key prefix was drawn; revoke unused keys or try again");
    }

    @CommandHandler
    void handle(RevokeApiKeyCommand command) {
        IssuedKey key = keysByPrefix.get(command.prefix());
        if (key == null) {
            throw new ResourceNotFoundException("API key not found");
        }
        if (key.revoked()) {
            throw new InvalidStateException("The API key is already revoked");
        }
        apply(new ApiKeyRevokedEvent(partnerId, key.environment(), command.prefix(), key.keyHash(), command.at()));
    }

    @CommandHandler
    void handle(SuspendPartnerCommand command) {
        if (status == PartnerStatus.SUSPENDED) {
            throw new InvalidStateException("The partner is already suspended");
        }
        apply(new PartnerSuspendedEvent(partnerId, command.at()));
    }

    @CommandHandler
    void handle(ReactivatePartnerCommand command) {
        if (status == PartnerStatus.ACTIVE) {
            throw new InvalidStateException("The partner is already active");
        }
        apply(new PartnerReactivatedEvent(partnerId, command.at()));
    }

    @CommandHandler
    PartnerSettings handle(ChangePartnerSettingsCommand command) {
        PartnerSettings changed = settings.get(command.environment()).with(command.patch());
        if (!changed.equals(settings.get(command.environment()))) {
            apply(new PartnerSettingsChangedEvent(partnerId, command.environment(), changed, command.at()));
        }
        return changed;
    }

    /** @return the initial secret when this configuration created one (to be shown once), else null */
    @CommandHandler
    WebhookSecret handle(ConfigureWebhookCommand command) {
        apply(new WebhookConfiguredEvent(partnerId, command.environment(), command.url(),
                List.copyOf(command.events()), command.at()));
        if (webhookSecrets.containsKey(command.environment())) {
            return null;
        }
        apply(new WebhookSecretRotatedEvent(partnerId, command.environment(), command.initialSecret(), null,
                null, command.at()));
        return command.initialSecret();
    }

    /**
     * The one home of "the first callbackUrl creates a signing secret": decided on the partner's own state, so two
     * concurrent first callbackUrls record one secret (the event store's sequence check makes the loser retry,
     * and the retry finds the winner's secret).
     *
     * @return the candidate when it became the environment's secret (to be shown once), else null
     */
    @CommandHandler
    WebhookSecret handle(EnsureWebhookSecretCommand command) {
        if (webhookSecrets.containsKey(command.environment())) {
            return null;
        }
        apply(new WebhookSecretRotatedEvent(partnerId, command.environment(), command.candidate(), null, null,
                command.at()));
        return command.candidate();
    }

    /** @return until when the previous secret keeps signing, or null when there was none */
    @CommandHandler
    Instant handle(RotateWebhookSecretCommand command) {
        WebhookSecret previous = webhookSecrets.get(command.environment());
        Instant previousValidUntil = previous == null ? null : command.at().plus(PREVIOUS_SECRET_OVERLAP);
        apply(new WebhookSecretRotatedEvent(partnerId, command.environment(), command.secret(), previous,
                previousValidUntil, command.at()));
        return previousValidUntil;
    }

    /** Suspended partners' end users can neither open links nor send money (see {@link PartnerStanding}). */
    public boolean isActive() {
        return status == PartnerStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(PartnerCreatedEvent event) {
        partnerId = event.partnerId();
        status = PartnerStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ApiKeyIssuedEvent event) {
        keysByPrefix.put(event.prefix(), new IssuedKey(event.environment(), event.keyHash(), false));
    }

    @EventSourcingHandler
    void on(ApiKeyRevokedEvent event) {
        keysByPrefix.computeIfPresent(event.prefix(), (prefix, key) -> new IssuedKey(key.environment(), key.keyHash(), true));
    }

    @EventSourcingHandler
    void on(StatusEvent event) {
        status = StatusEvent.statusAfter(event, PartnerStatus.AFTER);
    }

    @EventSourcingHandler
    void on(WebhookSecretRotatedEvent event) {
        webhookSecrets.put(event.environment(), event.secret());
    }

    @EventSourcingHandler
    void on(PartnerSettingsChangedEvent event) {
        settings.put(event.environment(), event.settings());
    }

    private record IssuedKey(Environment environment, String keyHash, boolean revoked) {
    }
}

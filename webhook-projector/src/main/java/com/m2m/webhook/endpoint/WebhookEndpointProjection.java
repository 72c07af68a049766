package com.m2m.webhook.endpoint;

import com.m2m.domain.common.Environment;
import com.m2m.domain.partner.FindWebhookConfigurationQuery;
import com.m2m.domain.partner.WebhookConfiguration;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecret;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.webhook.WebhookEventTypes;
import com.m2m.webhook.common.Json;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static com.m2m.webhook.common.Db.ts;

/**
 * The endpoint directory (table {@code webhook_endpoint}): per partner environment its URL, subscription and
 * signing secrets. Run as a subscribing processor, so it changes in the command's transaction and the outbox and
 * the dispatcher always see the configuration the partner was just told about.
 *
 * <p>The secrets must stay usable to sign, so they cannot be hashed: they are stored sealed with the master key
 * (AES-GCM, bound to the partner environment and the column), never readable in the table.
 *
 * <p>Handlers set absolute values, so running one twice for the same event changes nothing.
 */
@Component
@ProcessingGroup(WebhookEndpointProjection.PROCESSING_GROUP)
public record WebhookEndpointProjection(JdbcTemplate jdbc, MasterKey masterKey) {

    public static final String PROCESSING_GROUP = "webhook-endpoints";

    @EventHandler
    public void on(WebhookConfiguredEvent event) {
        // An empty subscription is stored as NULL: "every event", including types added in later versions.
        String events = event.events() == null || event.events().isEmpty() ? null : Json.write(event.events());
        int updated = jdbc.update("UPDATE webhook_endpoint SET url = ?, events = ?, updated_at = ?"
                        + " WHERE partner_id = ? AND environment = ?",
                event.url(), events, ts(event.at()), event.partnerId(), event.environment().wireName());
        if (updated == 0) {
            jdbc.update("INSERT INTO webhook_endpoint (partner_id, environment, url, events, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    event.partnerId(), event.environment().wireName(), event.url(), events, ts(event.at()));
        }
    }

    @EventHandler
    public void on(WebhookSecretRotatedEvent event) {
        String secret = seal(event.secret(), event.partnerId(), event.environment(), "secret");
        String previous = seal(event.previous(), event.partnerId(), event.environment(), "previous_secret");
        int updated = jdbc.update("UPDATE webhook_endpoint SET secret = ?, previous_secret = ?,"
                        + " previous_valid_until = ?, updated_at = ? WHERE partner_id = ? AND environment = ?",
                secret, previous, ts(event.previousValidUntil()), ts(event.at()), event.partnerId(),
                event.environment().wireName());
        if (updated == 0) {
            // A secret may be issued before any URL is configured (links with a callbackUrl need one too).
            jdbc.update("INSERT INTO webhook_endpoint (partner_id, environment, url, events, secret, previous_secret,"
                            + " previous_valid_until, updated_at) VALUES (?, ?, NULL, NULL, ?, ?, ?, ?)",
                    event.partnerId(), event.environment().wireName(), secret, previous,
                    ts(event.previousValidUntil()), ts(event.at()));
        }
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM webhook_endpoint");
    }

    /** The configuration as {@code GET /partner/webhooks/config} and the command side see it. */
    @QueryHandler
    public WebhookConfiguration handle(FindWebhookConfigurationQuery query) {
        return configuration(query.partnerId(), query.environment());
    }

    public WebhookConfiguration configuration(String partnerId, Environment environment) {
        return find(partnerId, environment)
                .map(endpoint -> new WebhookConfiguration(endpoint.url(),
                        endpoint.secret() == null ? null : new WebhookSecret(endpoint.secret()).prefix(),
                        endpoint.events().isEmpty() ? WebhookEventTypes.ALL : endpoint.events(),
                        endpoint.updatedAt()))
                .orElseGet(() -> new WebhookConfiguration(null, null, WebhookEventTypes.ALL, null));
    }

    public Optional<WebhookEndpoint> find(String partnerId, Environment environment) {
        return jdbc.query("SELECT " + StoredEndpoint.COLUMNS + " FROM webhook_endpoint w"
                                + " WHERE w.partner_id = ? AND w.environment = ?",
                        (rs, row) -> open(StoredEndpoint.joined(rs), partnerId, environment),
                        partnerId, environment.wireName())
                .stream().findFirst();
    }

    /** The endpoint of a stored row, its secrets unsealed. */
    public WebhookEndpoint open(StoredEndpoint stored, String partnerId, Environment environment) {
        return new WebhookEndpoint(partnerId, environment, stored.url(), events(stored.events()),
                open(stored.sealedSecret(), partnerId, environment, "secret"),
                open(stored.sealedPreviousSecret(), partnerId, environment, "previous_secret"),
                stored.previousValidUntil(), stored.updatedAt());
    }

    /** The URL and subscription only: one row read by its key, no secret unsealed. */
    public Optional<WebhookTarget> target(String partnerId, Environment environment) {
        return jdbc.query("SELECT url, events FROM webhook_endpoint WHERE partner_id = ? AND environment = ?",
                        (rs, row) -> new WebhookTarget(rs.getString("url"), events(rs.getString("events"))),
                        partnerId, environment.wireName())
                .stream().findFirst();
    }

    private static List<String> events(String json) {
        return json == null ? List.of() : Json.readStringList(json);
    }

    private String seal(WebhookSecret secret, String partnerId, Environment environment, String column) {
        return secret == null ? null : Base64.getEncoder().encodeToString(masterKey.seal(
                secret.value().getBytes(StandardCharsets.UTF_8), context(partnerId, environment, column)));
    }

    private String open(String sealed, String partnerId, Environment environment, String column) {
        return sealed == null ? null : new String(masterKey.open(Base64.getDecoder().decode(sealed),
                context(partnerId, environment, column)), StandardCharsets.UTF_8);
    }

    private static String context(String partnerId, Environment environment, String column) {
        return "webhook-endpoint:" + partnerId + ":" + environment.wireName() + ":" + column;
    }
}

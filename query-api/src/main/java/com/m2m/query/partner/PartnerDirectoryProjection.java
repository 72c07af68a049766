package com.m2m.query.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.partner.ApiKeyIssuedEvent;
import com.m2m.domain.partner.ApiKeyRevokedEvent;
import com.m2m.domain.partner.FindLinkSettingsQuery;
import com.m2m.domain.partner.FindPartnerSettingsQuery;
import com.m2m.domain.partner.LinkSettings;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerReactivatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.partner.PartnerStatus;
import com.m2m.domain.partner.PartnerSuspendedEvent;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.partner.WebhookSecretRotatedEvent;
import com.m2m.query.common.JsonText;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Read model of partners, their API keys and their settings per environment (tables {@code partner_view},
 * {@code partner_api_key}, {@code partner_settings}), derived from the Partner aggregate's events. Serves the
 * authentication filter's key lookups, the settings query used by the command side, the partner profile and the
 * operators' key listing.
 *
 * <p>Handlers are safe to run twice for one event (a replay without reset): inserts are skipped when the row is
 * already there, updates set absolute values.
 */
@Component
@ProcessingGroup(PartnerDirectoryProjection.PROCESSING_GROUP)
public record PartnerDirectoryProjection(JdbcTemplate jdbc) {

    public static final String PROCESSING_GROUP = "partner-directory";

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(PartnerCreatedEvent event) {
        jdbc.update("INSERT INTO partner_view (partner_id, name, status, created_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                event.partnerId(), event.name(), PartnerStatus.ACTIVE.wireName(), ts(event.createdAt()));
    }

    @EventHandler
    public void on(ApiKeyIssuedEvent event) {
        jdbc.update("INSERT INTO partner_api_key (key_hash, partner_id, environment, prefix, created_at, revoked_at)"
                        + " VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING",
                event.keyHash(), event.partnerId(), event.environment().wireName(), event.prefix(),
                ts(event.issuedAt()));
    }

    @EventHandler
    public void on(ApiKeyRevokedEvent event) {
        jdbc.update("UPDATE partner_api_key SET revoked_at = ? WHERE key_hash = ?",
                ts(event.revokedAt()), event.keyHash());
    }

    @EventHandler
    public void on(PartnerSuspendedEvent event) {
        jdbc.update("UPDATE partner_view SET status = ? WHERE partner_id = ?",
                PartnerStatus.SUSPENDED.wireName(), event.partnerId());
    }

    @EventHandler
    public void on(PartnerReactivatedEvent event) {
        jdbc.update("UPDATE partner_view SET status = ? WHERE partner_id = ?",
                PartnerStatus.ACTIVE.wireName(), event.partnerId());
    }

    @EventHandler
    public void on(PartnerSettingsChangedEvent event) {
        String settings = JsonText.write(event.settings());
        // Insert first: a new partner's settings events (one per environment) find no row; a change finds one.
        int inserted = jdbc.update("INSERT INTO partner_settings (partner_id, environment, settings, updated_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.partnerId(), event.environment().wireName(), settings, ts(event.at()));
        if (inserted == 0) {
            jdbc.update(
                    "UPDATE partner_settings SET settings = ?, updated_at = ? WHERE partner_id = ? AND environment = ?",
                    settings, ts(event.at()), event.partnerId(), event.environment().wireName());
        }
    }

    /**
     * Whether the environment's webhooks have a target: the link command reads it with the settings (one read of
     * the tenant). Update first: the environment's settings row nearly always exists (created with the partner).
     */
    @EventHandler
    public void on(WebhookConfiguredEvent event) {
        setWebhookFlag("webhook_target", event.url() != null, event.partnerId(), event.environment(), event.at());
    }

    /** Whether the environment has a signing secret (a secret is rotated, never removed: it stays true). */
    @EventHandler
    public void on(WebhookSecretRotatedEvent event) {
        setWebhookFlag("webhook_secret", event.secret() != null, event.partnerId(), event.environment(), event.at());
    }

    private void setWebhookFlag(String column, boolean value, String partnerId, Environment environment,
                                Instant at) {
        int updated = jdbc.update("UPDATE partner_settings SET " + column + " = ? WHERE partner_id = ? AND environment = ?",
                value, partnerId, environment.wireName());
        if (updated == 0) {
            // No settings event yet for this environment: a row without settings (the defaults apply until one).
            jdbc.update("INSERT INTO partner_settings (partner_id, environment, settings, updated_at, " + column + ")"
                            + " VALUES (?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING",
                    partnerId, environment.wireName(), ts(at), value);
        }
    }

    /** Empties the event-derived tables before a replay. {@code api_key_usage} is not derived, so it stays. */
    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM partner_api_key");
        jdbc.update("DELETE FROM partner_settings");
        jdbc.update("DELETE FROM partner_view");
    }

    // ---------------------------------------------------------------- queries

    /** The settings of one environment of a partner (used by the command side, e.g. for link defaults). */
    @QueryHandler
    public PartnerSettings handle(FindPartnerSettingsQuery query) {
        return settings(query.partnerId(), query.environment());
    }

    /**
     * What creating a link needs of the tenant (settings and webhook flags), served from the request's memo when
     * the authentication filter has already read it with the key (see {@link #findApiKey(jakarta.servlet.ServletRequest, String)}).
     */
    @QueryHandler
    public LinkSettings handle(FindLinkSettingsQuery query) {
        return tenant(query.partnerId(), query.environment());
    }

    /**
     * @throws ResourceNotFoundException when the partner is unknown
     */
    public PartnerSettings settings(String partnerId, Environment environment) {
        return tenant(partnerId, environment).settings();
    }

    /**
     * The tenant's settings and webhook flags, read at most once per HTTP request: the authentication filter, the
     * rate limiter and the command all need them. The memo lives in the request's attributes, so it is never older
     * than the request and needs no invalidation (on any node): two reads in one request were no more consistent
     * than one.
     *
     * @throws ResourceNotFoundException when the partner is unknown
     */
    private LinkSettings tenant(String partnerId, Environment environment) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String memo = memoKey(partnerId, environment);
        if (request != null && request.getAttribute(memo, RequestAttributes.SCOPE_REQUEST) instanceof LinkSettings known) {
            return known;
        }
        // One statement: the partner's row says it exists (no COUNT probe), the settings row is joined to it.
        List<LinkSettings> stored = jdbc.query(
                "SELECT s.settings, s.webhook_target, s.webhook_secret FROM partner_view p LEFT JOIN partner_settings s"
                        + " ON s.partner_id = p.partner_id AND s.environment = ? WHERE p.partner_id = ?",
                (rs, row) -> linkSettings(rs), environment.wireName(), partnerId);
        if (stored.isEmpty()) {
            throw new ResourceNotFoundException("Partner not found");
        }
        if (request != null) {
            request.setAttribute(memo, stored.get(0), RequestAttributes.SCOPE_REQUEST);
        }
        return stored.get(0);
    }

    /** The settings and webhook flags of a row of {@code partner_settings} joined to its partner (absent: none). */
    private static LinkSettings linkSettings(ResultSet rs) throws SQLException {
        // Every PartnerCreatedEvent is followed by a settings event per environment; defaults cover a gap anyway.
        String json = rs.getString("settings");
        PartnerSettings settings = json == null ? PartnerSettings.DEFAULTS : JsonText.read(json, PartnerSettings.class);
        return new LinkSettings(settings, rs.getBoolean("webhook_target"), rs.getBoolean("webhook_secret"));
    }

    private static String memoKey(String partnerId, Environment environment) {
        return SETTINGS_MEMO + partnerId + "|" + environment.wireName();
    }

    private static final String SETTINGS_MEMO = PartnerDirectoryProjection.class.getName() + ".settings:";

    /**
     * {@link #settings(String, Environment)} remembered in {@code request} itself, for a filter that runs before
     * Spring's request context exists (the rate limiter); the command that request runs later finds it there.
     */
    public PartnerSettings settings(jakarta.servlet.ServletRequest request, String partnerId,
                                    Environment environment) {
        String memo = memoKey(partnerId, environment);
        if (request.getAttribute(memo) instanceof LinkSettings known) {
            return known.settings();
        }
        LinkSettings tenant = tenant(partnerId, environment);
        request.setAttribute(memo, tenant);
        return tenant.settings();
    }

    /**
     * {@link #findApiKey(String)} for the authentication filter, reading the key's tenant (settings and webhook
     * flags) in the same statement and remembering it in {@code request}, so the rate limiter and the command of
     * this request read nothing more about the tenant.
     */
    public Optional<ApiKeyLookup> findApiKey(jakarta.servlet.ServletRequest request, String keyHash) {
        return jdbc.query("SELECT k.partner_id, k.environment, k.prefix, k.revoked_at, p.status,"
                        + " s.settings, s.webhook_target, s.webhook_secret"
                        + " FROM partner_api_key k LEFT JOIN partner_view p ON p.partner_id = k.partner_id"
                        + " LEFT JOIN partner_settings s ON s.partner_id = k.partner_id AND s.environment = k.environment"
                        + " WHERE k.key_hash = ?",
                (rs, row) -> {
                    ApiKeyLookup lookup = apiKeyLookup(rs);
                    if (rs.getString("status") != null) {
                        // The partner exists: its tenant is what settings() would read (no row: the defaults).
                        request.setAttribute(memoKey(lookup.partnerId(), lookup.environment()), linkSettings(rs));
                    }
                    return lookup;
                },
                keyHash).stream().findFirst();
    }

    private static ApiKeyLookup apiKeyLookup(ResultSet rs) throws SQLException {
        return new ApiKeyLookup(rs.getString("partner_id"),
                Environment.parse(rs.getString("environment"), "environment"),
                rs.getString("prefix"),
                instant(rs, "revoked_at") != null,
                PartnerStatus.ACTIVE.wireName().equals(rs.getString("status")));
    }

    /** The key whose SHA-256 is {@code keyHash}, for the authentication filter. */
    public Optional<ApiKeyLookup> findApiKey(String keyHash) {
        return jdbc.query("SELECT k.partner_id, k.environment, k.prefix, k.revoked_at, p.status"
                        + " FROM partner_api_key k LEFT JOIN partner_view p ON p.partner_id = k.partner_id"
                        + " WHERE k.key_hash = ?",
                (rs, row) -> apiKeyLookup(rs), keyHash).stream().findFirst();
    }

    public Optional<PartnerSummary> findPartner(String partnerId) {
        return jdbc.query("SELECT partner_id, name, status, created_at FROM partner_view WHERE partner_id = ?",
                (rs, row) -> new PartnerSummary(rs.getString("partner_id"), rs.getString("name"),
                        rs.getString("status"), instant(rs, "created_at")),
                partnerId).stream().findFirst();
    }

    /** Every partner, oldest first (then by id, so pages are stable), for {@code GET /admin/partners}. */
    public Page<PartnerSummary> listPartners(PageRequest page) {
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM partner_view", Long.class);
        List<PartnerSummary> items = jdbc.query(
                "SELECT partner_id, name, status, created_at FROM partner_view ORDER BY created_at, partner_id"
                        + " LIMIT ? OFFSET ?",
                (rs, row) -> new PartnerSummary(rs.getString("partner_id"), rs.getString("name"),
                        rs.getString("status"), instant(rs, "created_at")),
                page.limit(), page.offset());
        return Page.of(items, page, total == null ? 0 : total);
    }

    public boolean partnerExists(String partnerId) {
        return !jdbc.queryForList("SELECT 1 FROM partner_view WHERE partner_id = ?", Integer.class, partnerId)
                .isEmpty();
    }

    /**
     * A partner's keys, newest first, with their last use (from {@code api_key_usage}).
     *
     * @throws ResourceNotFoundException when the partner is unknown
     */
    public List<ApiKeyView> listKeys(String partnerId) {
        if (!partnerExists(partnerId)) {
            throw new ResourceNotFoundException("Partner not found");
        }
        return jdbc.query("SELECT k.prefix, k.environment, k.created_at, k.revoked_at, u.last_used_at"
                        + " FROM partner_api_key k LEFT JOIN api_key_usage u ON u.key_hash = k.key_hash"
                        + " WHERE k.partner_id = ?"
                        + " ORDER BY k.created_at DESC, k.prefix DESC",
                (rs, row) -> new ApiKeyView(rs.getString("prefix"), rs.getString("environment"),
                        instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at")),
                partnerId);
    }

    /**
     * The calling partner's profile in the environment of its key.
     *
     * @throws ResourceNotFoundException when the partner is unknown
     */
    public PartnerProfile profile(Tenant tenant) {
        PartnerSummary partner = findPartner(tenant.partnerId())
                .orElseThrow(() -> new ResourceNotFoundException("Partner not found"));
        PartnerSettings settings = settings(tenant.partnerId(), tenant.environment());
        return new PartnerProfile(partner.partnerId(), partner.name(), partner.status(),
                tenant.environment().wireName(), PartnerProfile.ProfileSettings.of(settings));
    }
}

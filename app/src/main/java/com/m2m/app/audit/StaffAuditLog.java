package com.m2m.app.audit;

import com.m2m.domain.partner.ApiKeyIssuedEvent;
import com.m2m.domain.partner.ApiKeyRevokedEvent;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerReactivatedEvent;
import com.m2m.domain.partner.PartnerSettingsChangedEvent;
import com.m2m.domain.partner.PartnerSuspendedEvent;
import com.m2m.domain.staff.AuditTrail;
import com.m2m.domain.user.CipReviewedEvent;
import com.m2m.domain.user.UserForgottenEvent;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import com.m2m.query.common.SqlWhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * The staff audit trail. Event-sourced where the action is a command: {@link StaffActorPropagation} puts the
 * staff member's name on every command sent while serving a staff request (metadata {@value #ACTOR}), Axon copies it
 * onto the events the command records, and the handlers here keep one row per such event (subscribing: in the
 * command's transaction). Events recorded without a staff actor (the platform's own start-up, partner calls) are not
 * staff actions and are left out. {@link CipReviewedEvent} carries its actor in the payload too.
 *
 * <p>What is no command — a projection rebuild, a read of unmasked personal data — is written through
 * {@link AuditTrail#record}. A rebuild of this projection replays the event rows and keeps the direct ones.
 * Another staff command gets audited by adding its event here (with {@code @MetaDataValue(ACTOR)}).
 */
@Component
@ProcessingGroup(StaffAuditLog.PROCESSING_GROUP)
public class StaffAuditLog implements AuditTrail {

    public static final String PROCESSING_GROUP = "staff-audit";
    public static final String ACTOR = "actor";

    private final JdbcTemplate jdbc;

    public StaffAuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record AuditEntry(Instant at, String actor, String action, String target) {
    }

    @Override
    public void record(String actor, String action, String target, Instant at) {
        insert("direct-" + UUID.randomUUID(), actor, action, target, at, "direct");
    }

    @EventHandler
    public void on(PartnerCreatedEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "partner.created", event.partnerId(), event.createdAt());
    }

    @EventHandler
    public void on(PartnerSuspendedEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "partner.suspended", event.partnerId(), event.at());
    }

    @EventHandler
    public void on(PartnerReactivatedEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "partner.reactivated", event.partnerId(), event.at());
    }

    @EventHandler
    public void on(ApiKeyIssuedEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "api_key.issued", event.partnerId() + "/" + event.prefix(), event.issuedAt());
    }

    @EventHandler
    public void on(ApiKeyRevokedEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "api_key.revoked", event.partnerId() + "/" + event.prefix(), event.revokedAt());
    }

    @EventHandler
    public void on(PartnerSettingsChangedEvent event, @MessageIdentifier String id,
                   @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "partner.settings_changed",
                event.partnerId() + "/" + event.environment().wireName(), event.at());
    }

    @EventHandler
    public void on(CipReviewedEvent event, @MessageIdentifier String id) {
        fromEvent(id, event.actor(), "cip." + event.decision().wireName(), event.userId(), event.at());
    }

    @EventHandler
    public void on(UserForgottenEvent event, @MessageIdentifier String id, @MetaDataValue(ACTOR) String actor) {
        fromEvent(id, actor, "user.forgotten", event.userId(), event.at());
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM staff_audit WHERE origin = 'event'");
    }

    private void fromEvent(String eventId, String actor, String action, String target, Instant at) {
        if (actor == null) {
            return;
        }
        // The event's id is the row's key: a replay or a redelivered event writes nothing twice.
        insert(eventId, actor, action, target, at, "event");
    }

    private void insert(String id, String actor, String action, String target, Instant at, String origin) {
        jdbc.update("INSERT INTO staff_audit (audit_id, at, actor, action, target, origin) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                id, ts(at), actor, action, target.length() > 200 ? target.substring(0, 200) : target, origin);
    }

    /** {@code GET /admin/audit}: newest first, filtered by actor, action and time ({@code from}/{@code to}). */
    public Page<AuditEntry> list(String actor, String action, QueryParams.CreatedRange range, PageRequest page) {
        SqlWhere where = SqlWhere.everything()
                .equal("actor", actor)
                .equal("action", action)
                .between("at", range.from(), range.to());
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM staff_audit" + where.sql(), Long.class, where.args());
        List<AuditEntry> items = jdbc.query("SELECT at, actor, action, target FROM staff_audit" + where.sql()
                        + " ORDER BY at DESC, audit_id LIMIT ? OFFSET ?",
                (rs, row) -> new AuditEntry(instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target")),
                where.argsThen(page.limit(), page.offset()));
        return Page.of(items, page, total == null ? 0 : total);
    }
}

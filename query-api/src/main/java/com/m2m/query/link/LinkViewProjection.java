package com.m2m.query.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.LinkStatus;
import com.m2m.query.common.JsonText;
import com.m2m.query.common.StatusCounts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.m2m.query.common.Db.ts;

/**
 * Read model of magic links: table {@code link_view} (one row per link, never the token) and the tenant totals in
 * {@code link_count} ({@link StatusCounts}), changed together in the event's transaction. Reads are
 * {@link LinkQueries}; the timeline is {@link LinkActivityProjection}, in the same processing group and run after
 * this one ({@link Order}), because it appends only to links this view knows.
 *
 * <p><b>Effective status.</b> A link whose stored status is active ({@code created}, {@code opened},
 * {@code in_progress}) but whose {@code expires_at} has passed is reported, and filtered, as {@code expired}:
 * the {@code LinkExpiredEvent} may be recorded only later (its deadline fires at {@code expires_at}).
 *
 * <p><b>Lifecycle.</b> {@code created} → {@code opened} (first widget session, {@code opened_at}) →
 * {@code in_progress} (the user started the flow) → {@code completed} ({@code completed_at} and the operation);
 * {@code expired} and {@code revoked} from any of the first three.
 *
 * <p><b>Writes.</b> One write per link row per event: the insert is {@code ON CONFLICT DO NOTHING} (a re-delivered
 * creation changes nothing), a status change is one guarded {@code UPDATE} that never moves a link backwards, and
 * the count moves only when that update changed a row, so the totals stay exact under re-delivery. The timeline
 * never writes this row (its order is its own identity), so an event both projections handle still writes the
 * link row once.
 */
@Component
@Order(1)
@ProcessingGroup(LinkViewProjection.PROCESSING_GROUP)
public class LinkViewProjection {

    public static final String PROCESSING_GROUP = "link-view";

    /** SQL list of the active statuses: {@code ('created', 'opened', 'in_progress')}. */
    static final String ACTIVE_STATUSES_SQL = Arrays.stream(LinkStatus.values())
            .filter(LinkStatus::isActive)
            .map(status -> "'" + status.wireName() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    /**
     * SQL condition: the link (table alias {@code alias}) is active now, i.e. usable: an active status and time
     * left. One parameter: now.
     */
    public static String activeNowCondition(String alias) {
        return "(" + alias + ".status IN " + ACTIVE_STATUSES_SQL + " AND " + alias + ".expires_at > ?)";
    }

    /** SQL condition: the link (table alias {@code alias}) is expired now, recorded or not. One parameter: now. */
    public static String expiredNowCondition(String alias) {
        return "(" + alias + ".status = '" + LinkStatus.EXPIRED.wireName() + "' OR (" + alias + ".status IN "
                + ACTIVE_STATUSES_SQL + " AND " + alias + ".expires_at <= ?))";
    }

    private final JdbcClient jdbc;
    private final StatusCounts counts;

    public LinkViewProjection(JdbcTemplate jdbc) {
        this.jdbc = JdbcClient.create(jdbc);
        this.counts = new StatusCounts(this.jdbc, "link_count");
    }

    @EventHandler
    public void on(LinkCreatedEvent event) {
        LinkOptions options = event.options();
        int inserted = jdbc.sql("INSERT INTO link_view (link_id, partner_id, environment, reference_id, user_id,"
                        + " status, flow, theme, language, callback_url, metadata, expires_at, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(event.linkId(), event.partnerId(), event.environment().wireName(), event.referenceId(),
                        event.userId(), LinkStatus.CREATED.wireName(), options.flow(), options.theme(),
                        options.language(), options.callbackUrl(), JsonText.write(new TreeMap<>(options.metadata())),
                        ts(event.expiresAt()), ts(event.createdAt()))
                .update();
        if (inserted == 1) {
            counts.add(event.partnerId(), event.environment(), LinkStatus.CREATED.wireName(), 1);
        }
    }

    /** The first widget session: {@code opened}. */
    @EventHandler
    public void on(LinkOpenedEvent event) {
        int updated = jdbc.sql("UPDATE link_view SET status = ?, opened_at = COALESCE(opened_at, ?)"
                        + " WHERE link_id = ? AND status = ?")
                .params(LinkStatus.OPENED.wireName(), ts(event.openedAt()), event.linkId(),
                        LinkStatus.CREATED.wireName())
                .update();
        if (updated == 1) {
            counts.move(event.partnerId(), event.environment(), LinkStatus.CREATED.wireName(),
                    LinkStatus.OPENED.wireName());
        }
    }

    /** The user's first action in the widget: {@code in_progress}, from {@code opened} (usual) or {@code created}. */
    @EventHandler
    public void on(LinkFlowStartedEvent event) {
        for (LinkStatus from : new LinkStatus[]{LinkStatus.OPENED, LinkStatus.CREATED}) {
            int updated = jdbc.sql("UPDATE link_view SET status = ? WHERE link_id = ? AND status = ?")
                    .params(LinkStatus.IN_PROGRESS.wireName(), event.linkId(), from.wireName())
                    .update();
            if (updated == 1) {
                counts.move(event.partnerId(), event.environment(), from.wireName(),
                        LinkStatus.IN_PROGRESS.wireName());
                return;
            }
        }
    }

    /** The user confirmed a transfer: {@code completed}, with the operation. */
    @EventHandler
    public void on(LinkCompletedEvent event) {
        finish(event.linkId(), event.partnerId(), event.environment(), LinkStatus.COMPLETED,
                "completed_at = ?, operation_id = ?", ts(event.completedAt()), event.operationId());
    }

    @EventHandler
    public void on(LinkRevokedEvent event) {
        finish(event.linkId(), event.partnerId(), event.environment(), LinkStatus.REVOKED,
                "revoked_at = ?, revoke_reason = ?", ts(event.revokedAt()), event.reason());
    }

    @EventHandler
    public void on(LinkExpiredEvent event) {
        finish(event.linkId(), event.partnerId(), event.environment(), LinkStatus.EXPIRED,
                "expired_at = ?", ts(event.expiredAt()));
    }

    @ResetHandler
    public void reset() {
        counts.reset();
        jdbc.sql("DELETE FROM link_view").update();
    }

    /**
     * A terminal status: the stored status is read by key (the count must know what it leaves), then one
     * {@code UPDATE} guarded by it. Already in {@code to} (a re-delivered event): nothing.
     */
    private void finish(String linkId, String partnerId, Environment environment, LinkStatus to, String set,
                        Object... values) {
        Optional<String> from = jdbc.sql("SELECT status FROM link_view WHERE link_id = ?")
                .param(linkId).query(String.class).optional();
        if (from.isEmpty() || from.get().equals(to.wireName())) {
            return;
        }
        Object[] params = new Object[values.length + 3];
        params[0] = to.wireName();
        System.arraycopy(values, 0, params, 1, values.length);
        params[values.length + 1] = linkId;
        params[values.length + 2] = from.get();
        int updated = jdbc.sql("UPDATE link_view SET status = ?, " + set + " WHERE link_id = ? AND status = ?")
                .params(params).update();
        if (updated == 1) {
            counts.move(partnerId, environment, from.get(), to.wireName());
        }
    }
}

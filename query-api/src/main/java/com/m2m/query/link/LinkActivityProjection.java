package com.m2m.query.link;

import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkFlowStartedEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.operation.OperationCancelledEvent;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationFailedEvent;
import com.m2m.domain.user.CipFailedEvent;
import com.m2m.domain.user.CipVerificationStartedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestPartiallyFulfilledEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.UserField;
import com.m2m.query.common.JsonText;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.m2m.query.common.Db.ts;

/**
 * Each link's activity timeline: table {@code link_activity}, one row per lifecycle event, ordered by a per-link
 * {@code seq}. Reads are {@link LinkActivityQueries}.
 *
 * <p>In the processing group of {@link LinkViewProjection} and ordered after it, so that a replay of
 * {@code link-view} (reset then every event in order) rebuilds both, and every handler here sees the link row as
 * it was at that event: entries are recorded only for a link that view knows.
 *
 * <p>The timeline also records: the link's data request ({@code data_requested} when it opens,
 * {@code data_received} for each answer that changed it); the user's identity verification ({@code cip_started},
 * {@code cip_verified}, {@code cip_failed}) on the link that is the user's active link at that moment (the newest
 * link of the user whose recorded status is active; none: not recorded); and the operation made from the link
 * ({@code operation_created}, {@code operation_completed}, {@code operation_failed}, {@code operation_cancelled}).
 * See {@link LinkActivity} for the details of each type.
 *
 * <p><b>Order.</b> {@code seq} is an identity: entries sort by when they were appended, each entry is one
 * {@code INSERT} and the link row is never written from here, so an event that also changes the link row (opened,
 * flow started, completed, revoked, expired) writes it once, in {@link LinkViewProjection}. No {@code MAX(seq)} scan,
 * no counter to bump, no two appenders racing for one number. The {@code created} entry is appended once per link;
 * any later entry only to a link the view knows (an {@code INSERT ... SELECT} from the link row). An entry already
 * recorded (same link, type, time and details) is not appended again, so a re-delivered event changes nothing.
 */
@Component
@Order(2)
@ProcessingGroup(LinkViewProjection.PROCESSING_GROUP)
public class LinkActivityProjection {

    private final JdbcClient jdbc;

    public LinkActivityProjection(JdbcTemplate jdbc) {
        this.jdbc = JdbcClient.create(jdbc);
    }

    /** The first widget session, with the device the user opened it on. */
    @EventHandler
    public void on(LinkOpenedEvent event) {
        DeviceInfo device = event.deviceInfo() == null ? DeviceInfo.UNKNOWN : event.deviceInfo();
        Map<String, Object> deviceInfo = details("userAgent", device.userAgent(), "platform", device.platform(),
                "language", device.language());
        append(event.linkId(), LinkActivity.OPENED, event.openedAt(), details("deviceInfo", deviceInfo));
    }

    @EventHandler
    public void on(LinkFlowStartedEvent event) {
        append(event.linkId(), LinkActivity.FLOW_STARTED, event.at(), details());
    }

    @EventHandler
    public void on(LinkCompletedEvent event) {
        append(event.linkId(), LinkActivity.COMPLETED, event.completedAt(),
                details("operationId", event.operationId()));
    }

    @EventHandler
    public void on(LinkRevokedEvent event) {
        append(event.linkId(), LinkActivity.REVOKED, event.revokedAt(), details("reason", event.reason()));
    }

    @EventHandler
    public void on(LinkExpiredEvent event) {
        append(event.linkId(), LinkActivity.EXPIRED, event.expiredAt(), details());
    }

    /** The partner is asked for the missing required fields: {@code data_requested} on the request's link. */
    @EventHandler
    public void on(DataRequestOpenedEvent event) {
        append(event.linkId(), LinkActivity.DATA_REQUESTED, event.at(), details("dataRequestId", event.dataRequestId(),
                "requiredFields", paths(event.requiredFields())));
    }

    /** An answer left required fields missing: {@code data_received} with what is still missing. */
    @EventHandler
    public void on(DataRequestPartiallyFulfilledEvent event) {
        append(event.linkId(), LinkActivity.DATA_RECEIVED, event.at(), details("dataRequestId", event.dataRequestId(),
                "status", DataRequestStatus.PARTIALLY_FULFILLED.wireName(),
                "remainingFields", paths(event.remainingFields())));
    }

    /** Nothing required is missing any more: {@code data_received} with who completed the data. */
    @EventHandler
    public void on(DataRequestFulfilledEvent event) {
        append(event.linkId(), LinkActivity.DATA_RECEIVED, event.at(), details("dataRequestId", event.dataRequestId(),
                "status", DataRequestStatus.FULFILLED.wireName(),
                "source", event.source() == null ? null : event.source().wireName()));
    }

    @EventHandler
    public void on(CipVerificationStartedEvent event) {
        appendToActiveLink(event.userId(), LinkActivity.CIP_STARTED, event.at(), details());
    }

    @EventHandler
    public void on(CipVerifiedEvent event) {
        appendToActiveLink(event.userId(), LinkActivity.CIP_VERIFIED, event.at(), details());
    }

    @EventHandler
    public void on(CipFailedEvent event) {
        appendToActiveLink(event.userId(), LinkActivity.CIP_FAILED, event.at(), details("reason", event.reason()));
    }

    @EventHandler
    public void on(OperationCreatedEvent event) {
        append(event.linkId(), LinkActivity.OPERATION_CREATED, event.createdAt(),
                details("operationId", event.operationId()));
    }

    @EventHandler
    public void on(OperationCompletedEvent event) {
        append(event.linkId(), LinkActivity.OPERATION_COMPLETED, event.completedAt(),
                details("operationId", event.operationId()));
    }

    @EventHandler
    public void on(OperationFailedEvent event) {
        append(event.linkId(), LinkActivity.OPERATION_FAILED, event.failedAt(),
                details("operationId", event.operationId(), "reason", event.reason()));
    }

    @EventHandler
    public void on(OperationCancelledEvent event) {
        append(event.linkId(), LinkActivity.OPERATION_CANCELLED, event.cancelledAt(),
                details("operationId", event.operationId(), "reason", event.reason()));
    }

    @ResetHandler
    public void reset() {
        jdbc.sql("DELETE FROM link_activity").update();
    }

    /**
     * An entry's details from alternating names and values, in that order (the stored JSON keeps it, and the
     * duplicate check in {@link #append} compares that JSON); a value may be null.
     */
    private static Map<String, Object> details(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            details.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return details;
    }

    /**
     * Appends to the user's active link at this moment: the newest of the user's links whose recorded status is
     * active (one active link per user; if an effectively expired one was not yet recorded as expired and a newer
     * link exists, the newer one). Nothing when the user has none (e.g. support approved a past verification).
     */
    private void appendToActiveLink(String userId, String type, Instant at, Map<String, Object> details) {
        if (userId == null) {
            return;
        }
        jdbc.sql("SELECT link_id FROM link_view WHERE user_id = ? AND status IN "
                        + LinkViewProjection.ACTIVE_STATUSES_SQL + " ORDER BY created_at DESC, link_id DESC LIMIT 1")
                .param(userId)
                .query(String.class).optional()
                .ifPresent(linkId -> append(linkId, type, at, details));
    }

    /**
     * Appends an entry to a link the view knows, unless the same one (type, time and details) is already recorded:
     * two distinct entries of one type at one instant (e.g. two answers) are both kept, a re-delivered event is not.
     */
    private void append(String linkId, String type, Instant at, Map<String, Object> details) {
        if (linkId == null) {
            return;
        }
        String json = JsonText.write(details);
        // One statement: the NOT EXISTS is the "already recorded" check (the details compared as text; H2 compares
        // no large objects, hence the cast, a no-op on PostgreSQL).
        jdbc.sql("INSERT INTO link_activity (link_id, type, at, details)"
                        + " SELECT link_id, ?, ?, ? FROM link_view WHERE link_id = ? AND NOT EXISTS (SELECT 1"
                        + " FROM link_activity a WHERE a.link_id = ? AND a.type = ? AND a.at = ?"
                        + " AND CAST(a.details AS VARCHAR) = ?)")
                .params(type, ts(at), json, linkId, linkId, type, ts(at), json)
                .update();
    }

    private static List<String> paths(List<UserField> fields) {
        return fields == null ? List.of() : fields.stream().map(UserField::path).toList();
    }
}

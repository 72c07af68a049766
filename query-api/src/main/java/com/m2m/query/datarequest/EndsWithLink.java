package com.m2m.query.datarequest;

import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.DataRequestStatus;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;

import static com.m2m.query.common.Db.ts;

/**
 * A data request expires with its link: a revoked link, or one expired before its deadline, ends the link's open
 * requests at that moment (their {@code expires_at} moves to it; no event of the request records that). Every read
 * model of data requests applies the rule through these handlers (Axon finds them on the projection's interfaces),
 * so the moment a link ends is decided once.
 */
public interface EndsWithLink {

    /** SQL list of the stored statuses of an open request: {@code ('pending', 'partially_fulfilled')}. */
    String OPEN_STATUSES_SQL = "('" + DataRequestStatus.PENDING.wireName() + "', '"
            + DataRequestStatus.PARTIALLY_FULFILLED.wireName() + "')";

    /** Ends the link's open requests at {@code at}; safe to run twice. */
    void endOpenRequestsOf(String linkId, Instant at);

    @EventHandler
    default void on(LinkRevokedEvent event) {
        endOpenRequestsOf(event.linkId(), event.revokedAt());
    }

    @EventHandler
    default void on(LinkExpiredEvent event) {
        endOpenRequestsOf(event.linkId(), event.recordedAt());
    }

    /** The rule on a table with {@code link_id}, {@code status} and {@code expires_at}; {@code table} is a constant. */
    static void endOpenRequests(JdbcTemplate jdbc, String table, String linkId, Instant at) {
        jdbc.update("UPDATE " + table + " SET expires_at = ? WHERE link_id = ? AND status IN " + OPEN_STATUSES_SQL
                + " AND expires_at > ?", ts(at), linkId, ts(at));
    }
}

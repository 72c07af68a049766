package com.m2m.command.idempotency;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.privacy.MasterKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code Idempotency-Key} bookkeeping: a key is reserved before the request runs (so two concurrent retries cannot
 * both execute), then either completed with the response to replay for 24 hours, or released when nothing ran
 * (validation failures, authentication, rate limits, server errors), so a corrected retry may reuse it.
 *
 * <p>A kept response may carry a secret shown only once (a link's token, a {@code whsec_} webhook secret, an API
 * key), so its body is stored sealed with the master key (AES-GCM, a fresh nonce per record, bound to the record's
 * tenant and key): the table never holds it readable, and a row copied under another key does not open.
 */
@Service
public record IdempotencyService(JdbcTemplate jdbc, Clock clock, MasterKey masterKey) {

    public static final Duration RETENTION = Duration.ofHours(24);
    /**
     * A reservation whose request never finished (the node died mid-request) is taken over after this long, so a
     * retry is not blocked for a day by a request that may never have committed.
     */
    public static final Duration IN_PROGRESS_LEASE = Duration.ofMinutes(2);

    public sealed interface Decision permits Proceed, Replay, Conflict {
    }

    /** Run the request, then call {@link #complete} or {@link #release}. */
    public record Proceed(Tenant tenant, String key) implements Decision {
    }

    /** The same request ran before: answer with its response. */
    public record Replay(int status, String contentType, byte[] body) implements Decision {
    }

    public record Conflict(String message) implements Decision {
    }

    public Decision begin(Tenant tenant, String key, String requestHash) {
        Instant now = clock.instant();
        jdbc.update("DELETE FROM idempotency_record WHERE partner_id = ? AND environment = ? AND idem_key = ?"
                        + " AND (created_at < ? OR (state = 'in_progress' AND created_at < ?))", tenant.partnerId(),
                tenant.environment().wireName(), key, utc(now.minus(RETENTION)), utc(now.minus(IN_PROGRESS_LEASE)));
        try {
            jdbc.update("INSERT INTO idempotency_record (partner_id, environment, idem_key, request_hash, state,"
                    + " created_at) VALUES (?, ?, ?, ?, 'in_progress', ?)", tenant.partnerId(),
                    tenant.environment().wireName(), key, requestHash, utc(now));
            return new Proceed(tenant, key);
        } catch (DuplicateKeyException alreadyUsed) {
            return existing(tenant, key, requestHash);
        }
    }

    private Decision existing(Tenant tenant, String key, String requestHash) {
        List<Decision> found = jdbc.query("SELECT request_hash, state, response_status, response_type, response_body"
                        + " FROM idempotency_record WHERE partner_id = ? AND environment = ? AND idem_key = ?",
                (rs, row) -> {
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        return new Conflict("This Idempotency-Key was already used with a different request");
                    }
                    if (!"completed".equals(rs.getString("state"))) {
                        return new Conflict("A request with this Idempotency-Key is still being processed");
                    }
                    return new Replay(rs.getInt("response_status"), rs.getString("response_type"),
                            masterKey.open(rs.getBytes("response_body"), context(tenant, key)));
                }, tenant.partnerId(), tenant.environment().wireName(), key);
        // Released between our insert and this read: the caller may simply retry.
        return found.isEmpty() ? new Conflict("A request with this Idempotency-Key is still being processed")
                : found.get(0);
    }

    public void complete(Proceed proceed, int status, String contentType, byte[] body) {
        jdbc.update("UPDATE idempotency_record SET state = 'completed', response_status = ?, response_type = ?,"
                        + " response_body = ? WHERE partner_id = ? AND environment = ? AND idem_key = ?",
                status, contentType, masterKey.seal(body, context(proceed.tenant(), proceed.key())),
                proceed.tenant().partnerId(), proceed.tenant().environment().wireName(),
                proceed.key());
    }

    public void release(Proceed proceed) {
        jdbc.update("DELETE FROM idempotency_record WHERE partner_id = ? AND environment = ? AND idem_key = ?",
                proceed.tenant().partnerId(), proceed.tenant().environment().wireName(), proceed.key());
    }

    /** Housekeeping: forget every record past its retention. */
    public int purgeExpired() {
        return jdbc.update("DELETE FROM idempotency_record WHERE created_at < ?",
                utc(clock.instant().minus(RETENTION)));
    }

    /** What a sealed body is bound to: its record's primary key. */
    private static String context(Tenant tenant, String key) {
        return "idempotency:" + tenant.partnerId() + ":" + tenant.environment().wireName() + ":" + key;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

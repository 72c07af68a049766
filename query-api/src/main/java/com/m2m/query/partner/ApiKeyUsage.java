package com.m2m.query.partner;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * When each API key was last used (table {@code api_key_usage}), shown as {@code lastUsedAt} in key listings.
 *
 * <p>This is operational telemetry, NOT a read model derived from events: the authentication filter writes it
 * directly on every authenticated request, it is not part of any processing group, and a projection rebuild
 * neither clears nor recreates it. To keep the write load negligible, a key's row is written at most once per
 * {@link #THROTTLE} per node (an in-memory map of the last write), so {@code lastUsedAt} may lag by up to that
 * much.
 *
 * <p>The upsert (UPDATE, then INSERT when no row was updated, tolerating a concurrent INSERT) runs on H2 and
 * PostgreSQL alike. It is meant to be called outside any surrounding transaction (as a servlet filter does): on
 * PostgreSQL a duplicate-key error inside a transaction would abort that transaction.
 */
@Component
public class ApiKeyUsage {

    /** A hint for listings, never a decision: written at most once a minute per key and node. */
    public static final Duration THROTTLE = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final ConcurrentMap<String, Instant> lastWrites = new ConcurrentHashMap<>();

    public ApiKeyUsage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that the key with SHA-256 {@code keyHash} was used at {@code at} (throttled, see class comment). */
    public void recordUse(String keyHash, Instant at) {
        boolean[] due = {false};
        lastWrites.compute(keyHash, (key, previous) -> {
            if (previous == null || !at.isBefore(previous.plus(THROTTLE))) {
                due[0] = true;
                return at;
            }
            return previous;
        });
        if (!due[0]) {
            return;
        }
        try {
            write(keyHash, at);
        } catch (RuntimeException e) {
            lastWrites.remove(keyHash, at); // let the next request try again
            throw e;
        }
    }

    /** The recorded last use of a key, if any. */
    public Optional<Instant> lastUsedAt(String keyHash) {
        List<Instant> found = jdbc.query("SELECT last_used_at FROM api_key_usage WHERE key_hash = ?",
                (rs, row) -> instant(rs, "last_used_at"), keyHash);
        return found.stream().findFirst();
    }

    private void write(String keyHash, Instant at) {
        String update = "UPDATE api_key_usage SET last_used_at = ? WHERE key_hash = ? AND last_used_at < ?";
        if (jdbc.update(update, ts(at), keyHash, ts(at)) > 0 || lastUsedAt(keyHash).isPresent()) {
            return; // updated, or a later use is already recorded (e.g. by another node)
        }
        try {
            jdbc.update("INSERT INTO api_key_usage (key_hash, last_used_at) VALUES (?, ?)", keyHash, ts(at));
        } catch (DuplicateKeyException insertedConcurrently) {
            jdbc.update(update, ts(at), keyHash, ts(at));
        }
    }
}

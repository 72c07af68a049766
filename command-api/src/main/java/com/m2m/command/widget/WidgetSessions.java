package com.m2m.command.widget;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.WidgetSession;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Bearer sessions of the widget. The session token is 32 random bytes shown once to the browser; only its
 * SHA-256 is stored, like API keys. A session never outlives its link.
 */
@Service
public record WidgetSessions(JdbcTemplate jdbc, Clock clock) {

    public record OpenedSession(String sessionToken, Instant expiresAt) {
    }

    public OpenedSession open(WidgetSession session) {
        String token = "ws_" + Identifiers.randomHex(32);
        jdbc.update("INSERT INTO widget_session (token_hash, link_id, user_id, partner_id, environment, expires_at,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Identifiers.sha256Hex(token), session.linkId(),
                session.userId(), session.partnerId(), session.environment().wireName(), utc(session.expiresAt()),
                utc(clock.instant()));
        return new OpenedSession(token, session.expiresAt());
    }

    /** The live session for a presented token; empty when unknown or expired. */
    public Optional<WidgetSession> find(String token) {
        return jdbc.query("SELECT link_id, user_id, partner_id, environment, expires_at FROM widget_session"
                        + " WHERE token_hash = ? AND expires_at > ?",
                (rs, row) -> new WidgetSession(rs.getString("link_id"), rs.getString("user_id"),
                        rs.getString("partner_id"), Environment.parse(rs.getString("environment"), "environment"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()),
                Identifiers.sha256Hex(token), utc(clock.instant())).stream().findFirst();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

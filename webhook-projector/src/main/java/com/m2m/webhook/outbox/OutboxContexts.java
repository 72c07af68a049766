package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.webhook.common.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox processor's own memory of links and users (tables {@code webhook_link_context},
 * {@code webhook_user_context}). It does not read the partner-facing read models: those are rebuilt independently,
 * and this processor must see exactly the events it has processed. Writes are idempotent.
 */
@Component
public class OutboxContexts {

    private final JdbcTemplate jdbc;

    public OutboxContexts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public LinkContext saveLink(LinkCreatedEvent event) {
        LinkContext link = new LinkContext(event.linkId(), event.partnerId(), event.environment(),
                event.referenceId(), event.userId(), event.options().flow(),
                new TreeMap<>(event.options().metadata()), event.options().callbackUrl());
        if (findLink(event.linkId()).isEmpty()) {
            jdbc.update("INSERT INTO webhook_link_context (link_id, partner_id, environment, reference_id, user_id,"
                            + " flow, metadata, callback_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    link.linkId(), link.partnerId(), link.environment().wireName(), link.referenceId(), link.userId(),
                    link.flow(), Json.write(link.metadata()), link.callbackUrl());
        }
        return link;
    }

    public Optional<LinkContext> findLink(String linkId) {
        return jdbc.query("SELECT link_id, partner_id, environment, reference_id, user_id, flow, metadata,"
                                + " callback_url FROM webhook_link_context WHERE link_id = ?",
                        (rs, row) -> new LinkContext(rs.getString("link_id"), rs.getString("partner_id"),
                                Environment.parse(rs.getString("environment"), "environment"),
                                rs.getString("reference_id"), rs.getString("user_id"), rs.getString("flow"),
                                new TreeMap<>(Json.readStringMap(rs.getString("metadata"))),
                                rs.getString("callback_url")),
                        linkId)
                .stream().findFirst();
    }

    public void saveUser(UserCreatedEvent event) {
        if (findUser(event.userId()).isEmpty()) {
            jdbc.update("INSERT INTO webhook_user_context (user_id, partner_id, environment, reference_id,"
                            + " active_link_id) VALUES (?, ?, ?, ?, NULL)",
                    event.userId(), event.partnerId(), event.environment().wireName(), event.referenceId());
        }
    }

    public void assignActiveLink(ActiveLinkAssignedEvent event) {
        jdbc.update("UPDATE webhook_user_context SET active_link_id = ? WHERE user_id = ?",
                event.linkId(), event.userId());
    }

    public Optional<UserContext> findUser(String userId) {
        return jdbc.query("SELECT user_id, partner_id, environment, reference_id, active_link_id"
                                + " FROM webhook_user_context WHERE user_id = ?",
                        (rs, row) -> new UserContext(rs.getString("user_id"), rs.getString("partner_id"),
                                Environment.parse(rs.getString("environment"), "environment"),
                                rs.getString("reference_id"), rs.getString("active_link_id")),
                        userId)
                .stream().findFirst();
    }

    public void reset() {
        jdbc.update("DELETE FROM webhook_link_context");
        jdbc.update("DELETE FROM webhook_user_context");
    }
}

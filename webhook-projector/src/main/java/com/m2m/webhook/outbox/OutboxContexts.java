package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.webhook.common.Json;
import com.m2m.webhook.common.TransactionScoped;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox processor's own memory of links, users and operations (tables {@code webhook_link_context},
 * {@code webhook_user_context}, {@code webhook_operation_context}). It does not read the partner-facing read models: those are rebuilt independently,
 * and this processor must see exactly the events it has processed. Writes are idempotent: each is one insert whose
 * conflict ({@code ON CONFLICT DO NOTHING}, which H2 accepts in PostgreSQL mode) is the "already saved" check.
 *
 * <p>A link's context never changes once saved (it is the {@code LinkCreatedEvent}'s), so the most recent ones are
 * also kept in memory: a link's later events (its {@code user.data_request} comes right after it) find it without a
 * query. The memory can only ever hold what the table holds or is about to: an entry saved in a batch that rolls
 * back is saved again, identical, when the batch is processed again, and a reset empties both.
 */
@Component
public class OutboxContexts {

    /** Links kept in memory, least recently used dropped first: a few minutes of links at hundreds per second. */
    static final int RECENT_LINKS = 10_000;

    private final JdbcTemplate jdbc;
    private final Map<String, LinkContext> recentLinks = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LinkContext> eldest) {
                    return size() > RECENT_LINKS;
                }
            });

    public OutboxContexts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a transaction has saved, written just before its commit: the links and the users (each with the active
     * link assigned in the same transaction, its {@code ActiveLinkAssignedEvent} following its
     * {@code UserCreatedEvent}), one JDBC batch per table instead of a statement per event and one more per
     * assignment. Reads in the transaction see them ({@link #findUser}, and {@link #findLink} through the recent
     * links).
     */
    private final class Unsaved {

        final List<LinkContext> links = new ArrayList<>();
        final Map<String, UserContext> users = new LinkedHashMap<>();

        void write() {
            if (!links.isEmpty()) {
                jdbc.batchUpdate(INSERT_LINK, links.stream().map(OutboxContexts::linkRow).toList());
            }
            if (users.isEmpty()) {
                return;
            }
            List<UserContext> rows = List.copyOf(users.values());
            int[] inserted = jdbc.batchUpdate(INSERT_USER, rows.stream().map(user -> new Object[]{user.userId(),
                    user.partnerId(), user.environment().wireName(), user.referenceId(), user.activeLinkId()})
                    .toList());
            for (int i = 0; i < rows.size(); i++) {
                // Already saved (a redelivered event): the assignment still applies, as it would have on its own.
                // A driver that reports no row counts (reWriteBatchedInserts) gets the update for every assignment.
                if (inserted[i] <= 0 && rows.get(i).activeLinkId() != null) {
                    updateActiveLink(rows.get(i).userId(), rows.get(i).activeLinkId());
                }
            }
        }
    }

    private static final String INSERT_LINK = "INSERT INTO webhook_link_context (link_id, partner_id, environment,"
            + " reference_id, user_id, flow, metadata, callback_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";

    private static final String INSERT_USER = "INSERT INTO webhook_user_context (user_id, partner_id, environment,"
            + " reference_id, active_link_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** The transaction's unsaved contexts, none without a transaction (each is then written at once). */
    private Optional<Unsaved> unsaved() {
        return TransactionScoped.bound(this, Unsaved::new, Unsaved::write);
    }

    private static Object[] linkRow(LinkContext link) {
        return new Object[]{link.linkId(), link.partnerId(), link.environment().wireName(), link.referenceId(),
                link.userId(), link.flow(), Json.write(link.metadata()), link.callbackUrl()};
    }

    public LinkContext saveLink(LinkCreatedEvent event) {
        LinkContext link = new LinkContext(event.linkId(), event.partnerId(), event.environment(),
                event.referenceId(), event.userId(), event.options().flow(),
                new TreeMap<>(event.options().metadata()), event.options().callbackUrl());
        // One insert: the conflict is the "already saved" check (a redelivered event), no probe first.
        unsaved().ifPresentOrElse(pending -> pending.links.add(link), () -> jdbc.update(INSERT_LINK, linkRow(link)));
        recentLinks.put(link.linkId(), link);
        return link;
    }

    /** From the recently used links when there, from the table otherwise. */
    public Optional<LinkContext> findLink(String linkId) {
        LinkContext recent = recentLinks.get(linkId);
        if (recent != null) {
            return Optional.of(recent);
        }
        Optional<LinkContext> found = jdbc.query("SELECT link_id, partner_id, environment, reference_id, user_id, flow, metadata,"
                                + " callback_url FROM webhook_link_context WHERE link_id = ?",
                        (rs, row) -> new LinkContext(rs.getString("link_id"), rs.getString("partner_id"),
                                Environment.parse(rs.getString("environment"), "environment"),
                                rs.getString("reference_id"), rs.getString("user_id"), rs.getString("flow"),
                                new TreeMap<>(Json.readStringMap(rs.getString("metadata"))),
                                rs.getString("callback_url")),
                        linkId)
                .stream().findFirst();
        found.ifPresent(link -> recentLinks.put(linkId, link));
        return found;
    }

    public void saveUser(UserCreatedEvent event) {
        UserContext user = new UserContext(event.userId(), event.partnerId(), event.environment(),
                event.referenceId(), null);
        unsaved().ifPresentOrElse(pending -> pending.users.putIfAbsent(user.userId(), user),
                () -> jdbc.update(INSERT_USER, user.userId(), user.partnerId(), user.environment().wireName(),
                        user.referenceId(), null));
    }

    public void assignActiveLink(ActiveLinkAssignedEvent event) {
        Optional<Unsaved> pending = unsaved();
        UserContext user = pending.map(p -> p.users.get(event.userId())).orElse(null);
        if (user != null) {
            pending.get().users.put(user.userId(), new UserContext(user.userId(), user.partnerId(),
                    user.environment(), user.referenceId(), event.linkId()));
        } else {
            updateActiveLink(event.userId(), event.linkId());
        }
    }

    private void updateActiveLink(String userId, String linkId) {
        jdbc.update("UPDATE webhook_user_context SET active_link_id = ? WHERE user_id = ?", linkId, userId);
    }

    /**
     * From the transaction's unsaved users when there with its active link, from the table otherwise: an unsaved user
     * without one may be a redelivered {@code UserCreatedEvent} of a user whose row has its active link already.
     */
    public Optional<UserContext> findUser(String userId) {
        UserContext pending = unsaved().map(p -> p.users.get(userId)).orElse(null);
        if (pending != null && pending.activeLinkId() != null) {
            return Optional.of(pending);
        }
        Optional<UserContext> stored = storedUser(userId);
        return stored.isPresent() ? stored : Optional.ofNullable(pending);
    }

    private Optional<UserContext> storedUser(String userId) {
        return jdbc.query("SELECT user_id, partner_id, environment, reference_id, active_link_id"
                                + " FROM webhook_user_context WHERE user_id = ?",
                        (rs, row) -> new UserContext(rs.getString("user_id"), rs.getString("partner_id"),
                                Environment.parse(rs.getString("environment"), "environment"),
                                rs.getString("reference_id"), rs.getString("active_link_id")),
                        userId)
                .stream().findFirst();
    }

    /** Keeps the operation's identity and amount only: the payout account (personal data) is never stored. */
    public OperationContext saveOperation(OperationCreatedEvent event) {
        OperationContext operation = new OperationContext(event.operationId(), event.partnerId(),
                event.environment(), event.referenceId(), event.linkId(), event.userId(), event.amount());
        Object amount = OperationWebhookMapper.amount(operation.amount());
        jdbc.update("INSERT INTO webhook_operation_context (operation_id, partner_id, environment, reference_id,"
                        + " link_id, user_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                operation.operationId(), operation.partnerId(), operation.environment().wireName(),
                operation.referenceId(), operation.linkId(), operation.userId(),
                amount == null ? null : Json.write(amount));
        return operation;
    }

    public Optional<OperationContext> findOperation(String operationId) {
        return jdbc.query("SELECT operation_id, partner_id, environment, reference_id, link_id, user_id, amount"
                                + " FROM webhook_operation_context WHERE operation_id = ?",
                        (rs, row) -> new OperationContext(rs.getString("operation_id"), rs.getString("partner_id"),
                                Environment.parse(rs.getString("environment"), "environment"),
                                rs.getString("reference_id"), rs.getString("link_id"), rs.getString("user_id"),
                                amount(rs.getString("amount"))),
                        operationId)
                .stream().findFirst();
    }

    public void reset() {
        unsaved().ifPresent(pending -> {
            pending.links.clear();
            pending.users.clear();
        });
        recentLinks.clear();
        jdbc.update("DELETE FROM webhook_link_context");
        jdbc.update("DELETE FROM webhook_user_context");
        jdbc.update("DELETE FROM webhook_operation_context");
    }

    /** The stored {@code amount} member back, every decimal with its exact value and scale. */
    private static OperationAmount amount(String json) {
        if (json == null) {
            return null;
        }
        JsonNode amount = Json.readExactTree(json);
        return new OperationAmount(decimal(amount, "send"), decimal(amount, "receive"), decimal(amount, "rate"),
                decimal(amount, "fee"), text(amount.path("currency"), "source"),
                text(amount.path("currency"), "destination"));
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.decimalValue() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}

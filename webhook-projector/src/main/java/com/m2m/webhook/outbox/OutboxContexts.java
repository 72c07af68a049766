package com.m2m.webhook.outbox;

import com.m2m.domain.common.Environment;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.webhook.common.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox processor's own memory of links, users and operations (tables {@code webhook_link_context},
 * {@code webhook_user_context}, {@code webhook_operation_context}). It does not read the partner-facing read models: those are rebuilt independently,
 * and this processor must see exactly the events it has processed. Writes are idempotent.
 */
@Component
public record OutboxContexts(JdbcTemplate jdbc) {

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

    /** Keeps the operation's identity and amount only: the payout account (personal data) is never stored. */
    public OperationContext saveOperation(OperationCreatedEvent event) {
        OperationContext operation = new OperationContext(event.operationId(), event.partnerId(),
                event.environment(), event.referenceId(), event.linkId(), event.userId(), event.amount());
        if (findOperation(event.operationId()).isEmpty()) {
            Object amount = OperationWebhookMapper.amount(operation.amount());
            jdbc.update("INSERT INTO webhook_operation_context (operation_id, partner_id, environment, reference_id,"
                            + " link_id, user_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    operation.operationId(), operation.partnerId(), operation.environment().wireName(),
                    operation.referenceId(), operation.linkId(), operation.userId(),
                    amount == null ? null : Json.write(amount));
        }
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

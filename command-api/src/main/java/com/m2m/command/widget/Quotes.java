package com.m2m.command.widget;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.operation.OperationAmount;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Price offers shown in the widget, valid 30 minutes; confirming one creates the operation at exactly its terms. */
@Service
public record Quotes(JdbcTemplate jdbc) {

    public static final Duration VALIDITY = Duration.ofMinutes(30);

    public record Quote(String quoteId, String linkId, OperationAmount amount, Instant expiresAt) {
    }

    public Quote create(String linkId, OperationAmount amount, Instant now) {
        Quote quote = new Quote(Identifiers.newQuoteId(), linkId, amount, now.plus(VALIDITY));
        jdbc.update("INSERT INTO widget_quote (quote_id, link_id, send_amount, receive_amount, rate, fee,"
                        + " source_currency, destination_currency, expires_at, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quote.quoteId(), linkId, amount.send(),
                amount.receive(), amount.rate(), amount.fee(), amount.sourceCurrency(), amount.destinationCurrency(),
                utc(quote.expiresAt()), utc(now));
        return quote;
    }

    /** A quote of this link (another link's quote is as unknown as a missing one). */
    public Optional<Quote> find(String quoteId, String linkId) {
        return jdbc.query("SELECT * FROM widget_quote WHERE quote_id = ? AND link_id = ?", (rs, row) -> new Quote(
                rs.getString("quote_id"), rs.getString("link_id"),
                new OperationAmount(rs.getBigDecimal("send_amount").setScale(2),
                        rs.getBigDecimal("receive_amount").setScale(2), rs.getBigDecimal("rate").stripTrailingZeros()
                        .setScale(Math.max(2, rs.getBigDecimal("rate").stripTrailingZeros().scale())),
                        rs.getBigDecimal("fee").setScale(2), rs.getString("source_currency"),
                        rs.getString("destination_currency")),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant()), quoteId, linkId).stream().findFirst();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

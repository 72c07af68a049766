package com.m2m.webhook.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import static com.m2m.webhook.common.Db.instant;

/**
 * A {@code webhook_endpoint} row as stored: its secrets still sealed ({@link WebhookEndpointProjection#open} unseals
 * them). Read by a statement that joins the table as {@code w} with {@link #COLUMNS}: the claim loads each leased
 * delivery with its endpoint in the same statement, instead of one more read per attempt.
 */
public record StoredEndpoint(String url, String events, String sealedSecret, String sealedPreviousSecret,
                             Instant previousValidUntil, Instant updatedAt) {

    /** The columns of {@code webhook_endpoint w}, named apart from those of the table it is joined to. */
    public static final String COLUMNS = "w.partner_id AS w_partner_id, w.url AS w_url, w.events AS w_events,"
            + " w.secret AS w_secret, w.previous_secret AS w_previous_secret,"
            + " w.previous_valid_until AS w_previous_valid_until, w.updated_at AS w_updated_at";

    /** {@code null} when the joined row is missing: the partner environment has no endpoint row. */
    public static StoredEndpoint joined(ResultSet rs) throws SQLException {
        if (rs.getString("w_partner_id") == null) {
            return null;
        }
        return new StoredEndpoint(rs.getString("w_url"), rs.getString("w_events"), rs.getString("w_secret"),
                rs.getString("w_previous_secret"), instant(rs, "w_previous_valid_until"), instant(rs, "w_updated_at"));
    }

    @Override
    public String toString() {
        return "StoredEndpoint[url=" + url + "]";
    }
}

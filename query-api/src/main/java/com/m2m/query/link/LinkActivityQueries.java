package com.m2m.query.link;

import com.m2m.domain.common.Timestamps;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.query.common.JsonText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.m2m.query.common.Db.instant;

/** Reads of the timeline that {@link LinkActivityProjection} writes. */
@Component
public class LinkActivityQueries {

    private final JdbcClient jdbc;

    public LinkActivityQueries(JdbcTemplate jdbc) {
        this.jdbc = JdbcClient.create(jdbc);
    }

    /**
     * {@code GET /partner/links/{linkId}/activity}: the link's lifecycle events in order. One statement: the
     * tenant's link joined to its entries (a link without any yields one row of nulls).
     *
     * <p>The first entry, {@code created} {expiresAt, flow}, is not stored: it is the link row itself (its
     * {@code created_at}, {@code expires_at} and {@code flow} are written once, by the link view, and never change), so
     * creating a link costs no timeline write (docs/performance.md, "Write path of one create link"). Entries of type
     * {@code created} stored by earlier versions are passed over for the same reason.
     *
     * @throws ResourceNotFoundException when the link does not exist or belongs to another tenant
     */
    public List<LinkActivity> activity(Tenant tenant, String linkId) {
        List<LinkActivity> entries = new ArrayList<>();
        jdbc.sql("SELECT l.created_at, l.expires_at, l.flow, a.type, a.at, a.details FROM link_view l"
                        + " LEFT JOIN link_activity a ON a.link_id = l.link_id"
                        + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ? ORDER BY a.seq")
                .params(linkId, tenant.partnerId(), tenant.environment().wireName())
                .query(rs -> {
                    if (entries.isEmpty()) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("expiresAt", Timestamps.wire(instant(rs, "expires_at")));
                        details.put("flow", rs.getString("flow"));
                        entries.add(new LinkActivity(LinkActivity.CREATED, instant(rs, "created_at"), details));
                    }
                    String type = rs.getString("type");
                    if (type != null && !type.equals(LinkActivity.CREATED)) {
                        entries.add(new LinkActivity(type, instant(rs, "at"),
                                JsonText.readObject(rs.getString("details"))));
                    }
                });
        if (entries.isEmpty()) {
            throw new ResourceNotFoundException("Link not found");
        }
        return entries;
    }
}
